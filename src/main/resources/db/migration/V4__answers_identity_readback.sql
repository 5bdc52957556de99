-- A webhook whose ids are not Spacebring ids is kept, marked rejected with the reason, and never used.
alter table inbox drop constraint inbox_status_check;
alter table inbox add constraint inbox_status_check
    check (status in ('pending', 'processing', 'ignored', 'done', 'failed', 'rejected'));

-- One Luckey user belongs to at most one Spacebring user. Rows that broke this (two members whose e-mails
-- differ only in letter case shared one Luckey user) are forgotten, and those members queued: their invite now
-- ends in a reported conflict instead of sharing someone else's access.
insert into sync_queue (user_ref, reason)
select l.user_ref, 'shared a Luckey user with another member' from luckey_user l
where exists (select 1 from luckey_user o where o.luckey_user_id = l.luckey_user_id
              and (o.confirmed_at, o.user_ref) < (l.confirmed_at, l.user_ref))
on conflict (user_ref) do update set version = sync_queue.version + 1, due_at = now();
delete from luckey_tag_member m using luckey_user l
where m.user_ref = l.user_ref and exists (select 1 from luckey_user o where o.luckey_user_id = l.luckey_user_id
              and (o.confirmed_at, o.user_ref) < (l.confirmed_at, l.user_ref));
delete from luckey_user l
where exists (select 1 from luckey_user o where o.luckey_user_id = l.luckey_user_id
              and (o.confirmed_at, o.user_ref) < (l.confirmed_at, l.user_ref));
create unique index luckey_user_luckey_id on luckey_user (luckey_user_id);

-- Users whose Luckey state is unknown (a write got no readable answer): read back before they are planned again.
create table luckey_reread (
    user_ref text primary key,
    since    timestamptz not null default now(),
    reason   text        not null
);

-- The same failure of the same action adds to its open dead letter instead of writing a new one.
alter table dead_letter add column tag_key text;
alter table dead_letter add column last_at timestamptz;

-- The users a subscription concerns: its user, or every member of its company. One definition, used everywhere.
create view sb_subscription_users as
select s.id as subscription_id, coalesce(s.user_ref, m.user_ref) as user_ref
from sb_subscription s left join sb_membership m on m.id = s.membership_ref
where s.subscription_type = 'user' and coalesce(s.user_ref, m.user_ref) is not null
union
select s.id, m.user_ref
from sb_subscription s join sb_membership m on m.company_ref = s.company_ref
where s.subscription_type = 'company';
