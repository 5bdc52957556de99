-- Operating a link at runtime (README "Operating the bridge"): paused, or in dry run, for every bridge on this
-- database, with who changed it and why. A link without a row runs normally.
create table link_control (
    link       text primary key,
    paused     boolean     not null default false,
    dry_run    boolean     not null default false,
    reason     text,
    changed_by text,
    changed_at timestamptz not null default now()
);

-- A dead letter an operator discarded stays, with the reason, and is no longer waiting.
alter table dead_letter add column discarded_at timestamptz;
alter table dead_letter add column discard_reason text;
