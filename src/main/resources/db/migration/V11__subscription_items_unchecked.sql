-- A subscription's items are written only with the subscription, in the same transaction (Mirror.saveSubscriptions),
-- and no subscription row is ever deleted (a deleted subscription keeps its row with delete_date). The foreign key
-- checked each item row against sb_subscription, which cost a full sync about a third of writing the items.
alter table sb_subscription_item drop constraint sb_subscription_item_subscription_id_fkey;
