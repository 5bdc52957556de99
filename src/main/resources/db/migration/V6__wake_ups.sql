-- Work is started the moment it is committed, on every bridge using this database: a committed webhook (or one
-- released by a bridge that stopped) and a user marked for reconciliation send a notification, which each
-- bridge LISTENs to. Identical notifications of one transaction reach listeners once.
create function bridge_wake() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_argv[0], '');
    return null;
end $$;

create trigger inbox_wake after insert or update of status on inbox
    for each row when (new.status = 'pending') execute function bridge_wake('bridge_inbox');

-- Per statement, not per row: a full sync marks 100,000 users in one statement.
create trigger sync_queue_wake_on_insert after insert on sync_queue
    for each statement execute function bridge_wake('bridge_sync');
create trigger sync_queue_wake_on_mark after update of version on sync_queue
    for each statement execute function bridge_wake('bridge_sync');
