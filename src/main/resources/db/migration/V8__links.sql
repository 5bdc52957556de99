-- Several links in one bridge (README "Several locations"): what Luckey holds, the users to reconcile, the audit and
-- the dead letters belong to one link. The rows of the single link a bridge had so far become those of the link
-- named 'default', which the single-link settings keep making. No default value afterwards: a row without its link
-- would be a bug, and fails.
alter table sync_queue add column link text not null default 'default';
alter table sync_queue alter column link drop default;
alter table sync_queue drop constraint sync_queue_pkey;
alter table sync_queue add primary key (link, user_ref);

alter table luckey_user add column link text not null default 'default';
alter table luckey_user alter column link drop default;
alter table luckey_user drop constraint luckey_user_pkey;
alter table luckey_user add primary key (link, user_ref);
drop index luckey_user_luckey_id;
create unique index luckey_user_luckey_id on luckey_user (link, luckey_user_id);

alter table luckey_tag add column link text not null default 'default';
alter table luckey_tag alter column link drop default;
alter table luckey_tag drop constraint luckey_tag_pkey;
alter table luckey_tag add primary key (link, tag_key);

alter table luckey_tag_member add column link text not null default 'default';
alter table luckey_tag_member alter column link drop default;
alter table luckey_tag_member drop constraint luckey_tag_member_pkey;
alter table luckey_tag_member add primary key (link, user_ref, tag_key);

alter table luckey_tag_observed add column link text not null default 'default';
alter table luckey_tag_observed alter column link drop default;
alter table luckey_tag_observed drop constraint luckey_tag_observed_pkey;
alter table luckey_tag_observed add primary key (link, tag_key, luckey_user_id);

alter table luckey_reread add column link text not null default 'default';
alter table luckey_reread alter column link drop default;
alter table luckey_reread drop constraint luckey_reread_pkey;
alter table luckey_reread add primary key (link, user_ref);

-- Rows about Spacebring data (an unreadable webhook or row) name no link.
alter table audit_log add column link text;
update audit_log set link = 'default' where user_ref is not null;
alter table dead_letter add column link text;
update dead_letter set link = 'default' where user_ref is not null;

-- Decisions are keyed per link: link/type:user:tag:version.
update camel_messageprocessed set messageid = 'default/' || messageid where processorname = 'luckey-actions';

-- The periodic jobs are per link now ('poll:milano'); the old rows name no link.
delete from job_lease where job in ('poll', 'schedule', 'drift');

-- The inbox consumer lets locations take turns: the oldest pending webhooks of each location, found by index.
create index inbox_pending_location on inbox (coalesce(location_ref, ''), id) where status = 'pending';
-- Webhooks in hand (few at a time), to find those of a bridge that died.
create index inbox_processing on inbox (claimed_at) where status = 'processing';
