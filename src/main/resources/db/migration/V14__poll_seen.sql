-- What a poll listed, by kind and id. The sweep after a complete poll finds here what it did not list, so a poll of an
-- unchanged location rewrites none of the mirror's rows (at 100,000 members a rewrite was several hundred thousand
-- row versions every poll for autovacuum). Unlogged: no WAL for it; lost in a crash, the poll starts over anyway.
create unlogged table poll_seen (
    poll_id bigint not null,
    kind    text   not null,
    id      text   not null,
    primary key (poll_id, kind, id)
);

alter table sb_membership drop column seen_poll;
alter table sb_company drop column seen_poll;
alter table sb_subscription drop column seen_poll;
alter table sb_resource drop column seen_poll;
alter table sb_booking drop column seen_poll;
alter table sb_visit drop column seen_poll;

-- When the bridge last read a membership or subscription from Spacebring for a webhook (its own lookup, or a burst list):
-- a webhook that arrived before that is answered by the mirror. A poll's reads are known by poll_seen and poll_run.
alter table sb_membership add column read_at timestamptz;
alter table sb_subscription add column read_at timestamptz;
