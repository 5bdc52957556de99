-- ---------------------------------------------------------------- Poll fallback
-- The poll that last listed a row. After a complete poll, rows of the location it did not list are gone;
-- a poll that failed midway sweeps nothing.
alter table sb_membership add column seen_poll bigint;
alter table sb_company add column seen_poll bigint;
alter table sb_subscription add column seen_poll bigint;
create index sb_membership_location on sb_membership (location_ref);
create index sb_subscription_location on sb_subscription (location_ref);
create index sb_company_location on sb_company (location_ref);

create table poll_run (
    id            bigint generated always as identity primary key,
    location_ref  text        not null,
    -- full: first start or link enabled again; every user of the location is reconciled
    full_sync     boolean     not null,
    started_at    timestamptz not null default now(),
    finished_at   timestamptz,
    pages         int         not null default 0,
    outcome       text
);

-- The link as the bridge last ran it, to notice when it is enabled again.
create table link_state (
    location_ref text primary key,
    enabled      boolean     not null,
    changed_at   timestamptz not null default now()
);

-- ---------------------------------------------------------------- Time-driven access
-- The instant up to which start and end dates have been acted on.
create table schedule_state (
    location_ref text primary key,
    checked_until timestamptz not null
);
create index sb_subscription_start on sb_subscription (start_date);
create index sb_subscription_end on sb_subscription (end_date);

-- ---------------------------------------------------------------- Drift repair
-- Members of a managed tag as read from Luckey during one drift check.
create table luckey_tag_observed (
    tag_key        text not null,
    luckey_user_id text not null,
    email          text,
    primary key (tag_key, luckey_user_id)
);

-- The items of a subscription in one comparable string, so a poll can tell a changed subscription.
alter table sb_subscription add column items_sig text;
