-- The event family (membership, company, subscription, location, booking, resource, visit, ...), kept with the
-- webhook when it is stored, so that routes/inbox.camel.yaml dispatches on what intake classified instead of
-- deriving it again from the event type.
alter table inbox add column event_family text generated always as (split_part(event_type, '.', 1)) stored;
