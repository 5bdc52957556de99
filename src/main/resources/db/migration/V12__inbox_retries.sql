-- A webhook not applied for a passing reason (the database, Spacebring unreachable or answering 429/5xx) is pending
-- again and claimed no sooner than retry_at; attempts counts those tries. Only a permanent reason ends it failed.
alter table inbox add column attempts integer not null default 0;
alter table inbox add column retry_at timestamptz;
-- Health and metrics count both, often, in an inbox of any size
create index inbox_failed on inbox (id) where status = 'failed';
create index inbox_retrying on inbox (id) where status = 'pending' and attempts > 0;
