-- The bridges whose heartbeat is younger than bridge.instance.dead-after-ms: what they claim stays theirs; a claim
-- of any other bridge is taken over. One definition for every claim (inbox, sync queue, job leases).
create function live_bridges(dead_after_seconds bigint) returns setof text language sql stable as $$
    select id from bridge_instance where heartbeat_at > now() - dead_after_seconds * interval '1 second'
$$;
