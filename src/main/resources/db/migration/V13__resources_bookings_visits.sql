-- Doors beyond plans and companies: a confirmed booking opens its resource's tag for its time, a resource assigned by a
-- subscription opens it while that subscription is in force, a visit opens the visitors' tag for its local day.

-- The resources of the linked locations; a booking's location is known only through its resource.
create table sb_resource (
    id           text primary key,
    location_ref text        not null,
    title        text,
    type         text,
    seen_poll    bigint,
    -- set when Spacebring no longer lists (or knows) the resource: its bookings and assignments open nothing
    gone_at      timestamptz,
    updated_at   timestamptz not null default now()
);
create index sb_resource_location on sb_resource (location_ref);

-- A resource assigned to a customer (a user, or a company and so each of its members) by a subscription.
create table sb_resource_assignment (
    resource_ref     text not null references sb_resource (id) on delete cascade,
    assignment_id    text not null,
    customer_type    text not null check (customer_type in ('user', 'company')),
    customer_ref     text not null,
    subscription_ref text,
    start_date       timestamptz,
    end_date         timestamptz,
    primary key (resource_ref, assignment_id)
);
create index sb_resource_assignment_customer on sb_resource_assignment (customer_ref);

-- Bookings. Spacebring's booking carries no status: confirmed is known only from a list asked for status=confirmed.
-- An occurrence of a repeating booking has the id {bookingId}_{isoDate}.
create table sb_booking (
    id           text primary key,
    resource_ref text        not null,
    location_ref text        not null,
    start_date   timestamptz not null,
    end_date     timestamptz not null,
    -- when it was cancelled (Spacebring's deleteDate, or when it was no longer found)
    delete_date  timestamptz,
    confirmed    boolean     not null,
    seen_poll    bigint,
    updated_at   timestamptz not null default now()
);
create index sb_booking_location_start on sb_booking (location_ref, start_date);
create index sb_booking_location_end on sb_booking (location_ref, end_date);

-- The people a booking opens the door for: its owner and each attendee.
create table sb_booking_person (
    booking_id text not null references sb_booking (id) on delete cascade,
    user_ref   text not null,
    role       text not null check (role in ('owner', 'attendee')),
    email      text,
    name       text,
    surname    text,
    primary key (booking_id, user_ref)
);
create index sb_booking_person_user on sb_booking_person (user_ref);

-- Visits; the visitor is a Spacebring user (userRefVisitor) who may have no membership.
create table sb_visit (
    id           text primary key,
    location_ref text        not null,
    user_ref     text        not null,
    email        text,
    name         text,
    surname      text,
    -- the local day of the visit's date in the location's time zone, as instants (23 or 25 hours when clocks change)
    day_start    timestamptz not null,
    day_end      timestamptz not null,
    check_out    timestamptz,
    delete_date  timestamptz,
    seen_poll    bigint,
    updated_at   timestamptz not null default now()
);
create index sb_visit_user on sb_visit (user_ref);
create index sb_visit_location_day on sb_visit (location_ref, day_start);

-- What booking, resource and visit webhooks are about; a booking webhook names no location.
alter table inbox add column booking_ref text;
alter table inbox add column resource_ref text;
alter table inbox add column visit_ref text;
