-- Every running bridge, with a heartbeat. A claim names the bridge that holds it; when that bridge is silent
-- for longer than bridge.instance.dead-after-ms its claims are taken over at once, not after a long lease.
create table bridge_instance (
    id           text primary key,
    host         text        not null,
    pid          bigint      not null,
    started_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now()
);

alter table inbox add column claimed_by text;
alter table sync_queue add column claimed_by text;

-- A value the bridge cannot read in a row Spacebring lists (an unreadable date, say): kept apart with the
-- reason, so it affects only that row; the row is left as it was in the mirror.
create table sb_unreadable (
    kind       text        not null,
    id         text        not null,
    reason     text        not null,
    seen_at    timestamptz not null default now(),
    primary key (kind, id)
);
