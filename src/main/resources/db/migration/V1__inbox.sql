-- Every Spacebring webhook whose signature checked out, stored verbatim before it is acknowledged.
-- Svix re-delivers a message with the same svix-id, so that id is the key that makes storing idempotent.
create table inbox (
    id               bigint generated always as identity primary key,
    svix_id          text        not null,
    received_at      timestamptz not null default now(),
    event_type       text        not null,
    -- pending: to be processed; ignored: a type the bridge does not use; done / failed: processed
    status           text        not null check (status in ('pending', 'ignored', 'done', 'failed')),
    user_ref         text,
    membership_ref   text,
    company_ref      text,
    subscription_ref text,
    location_ref     text,
    payload          text        not null,
    processed_at     timestamptz,
    failure_reason   text,
    constraint inbox_svix_id_unique unique (svix_id)
);

-- The consumer takes pending rows in order of arrival.
create index inbox_pending on inbox (id) where status = 'pending';
