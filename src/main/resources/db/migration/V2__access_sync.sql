-- The inbox consumer claims rows (processing) before applying them; a row claimed by a consumer that
-- died is claimed again after a while.
alter table inbox drop constraint inbox_status_check;
alter table inbox add constraint inbox_status_check
    check (status in ('pending', 'processing', 'ignored', 'done', 'failed'));
alter table inbox add column claimed_at timestamptz;

-- ---------------------------------------------------------------- Mirror of Spacebring (linked location)
create table sb_location (
    id          text primary key,
    title       text,
    timezone_id text,
    updated_at  timestamptz not null default now()
);

create table sb_membership (
    id           text primary key,
    user_ref     text        not null,
    location_ref text        not null,
    company_ref  text,
    status       text,
    type         text,
    email        text,
    name         text,
    surname      text,
    -- set when Spacebring no longer lists the membership as approved (deleted, or back to requested)
    gone_at      timestamptz,
    updated_at   timestamptz not null default now()
);
create index sb_membership_user on sb_membership (user_ref);
create index sb_membership_company on sb_membership (company_ref);

create table sb_company (
    id           text primary key,
    location_ref text,
    title        text,
    deleted_at   timestamptz,
    updated_at   timestamptz not null default now()
);

create table sb_plan (
    id           text primary key,
    location_ref text,
    title        text,
    updated_at   timestamptz not null default now()
);

create table sb_subscription (
    id                text primary key,
    location_ref      text,
    subscription_type text,
    user_ref          text,
    company_ref       text,
    membership_ref    text,
    status            text,
    start_date        timestamptz,
    end_date          timestamptz,
    delete_date       timestamptz,
    updated_at        timestamptz not null default now()
);
create index sb_subscription_user on sb_subscription (user_ref);
create index sb_subscription_company on sb_subscription (company_ref);

create table sb_subscription_item (
    subscription_id text not null references sb_subscription (id) on delete cascade,
    item_id         text not null,
    plan_ref        text,
    start_date      timestamptz,
    end_date        timestamptz,
    primary key (subscription_id, item_id)
);

-- ---------------------------------------------------------------- What Luckey holds, as last confirmed by Luckey
create table luckey_user (
    user_ref       text primary key,
    luckey_user_id text        not null,
    email          text        not null,
    name           text,
    surname        text,
    -- bumped on every confirmed change; part of every action's idempotency key
    version        bigint      not null default 1,
    confirmed_at   timestamptz not null default now()
);

create table luckey_tag (
    tag_key        text primary key,
    name           text        not null,
    luckey_tag_id  text        not null,
    confirmed_at   timestamptz not null default now()
);

create table luckey_tag_member (
    user_ref     text        not null,
    tag_key      text        not null,
    confirmed_at timestamptz not null default now(),
    primary key (user_ref, tag_key)
);

-- ---------------------------------------------------------------- Users whose access must be reconciled
create table sync_queue (
    user_ref   text primary key,
    reason     text        not null,
    -- bumped each time the user is marked again, so a change during a run is not lost
    version    bigint      not null default 1,
    due_at     timestamptz not null default now(),
    claimed_at timestamptz,
    attempts   int         not null default 0,
    last_error text
);
create index sync_queue_due on sync_queue (due_at);

-- ---------------------------------------------------------------- Exactly once: Camel's JDBC idempotent repository
create table camel_messageprocessed (
    processorname text      not null,
    messageid     text      not null,
    createdat     timestamp not null,
    constraint camel_messageprocessed_unique primary key (processorname, messageid)
);

-- ---------------------------------------------------------------- Audit log and dead letters
create table audit_log (
    id              bigint generated always as identity primary key,
    at              timestamptz not null default now(),
    user_ref        text,
    email           text,
    action          text        not null,
    tag             text,
    cause           text,
    result          text        not null,
    detail          text,
    idempotency_key text
);
create index audit_log_user on audit_log (user_ref, at);

create table dead_letter (
    id              bigint generated always as identity primary key,
    at              timestamptz not null default now(),
    user_ref        text,
    action          text        not null,
    -- the whole action as JSON: enough to replay it by hand or to understand what was meant
    action_json     text        not null,
    error           text        not null,
    attempts        int         not null,
    replayed_at     timestamptz
);

-- The column also says why a row was ignored (for example: another location), not only why it failed.
alter table inbox rename column failure_reason to reason;
