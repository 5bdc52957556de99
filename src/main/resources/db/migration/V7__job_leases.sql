-- A periodic job (poll, time-driven access, drift repair) runs on one bridge at a time: the one named in holder,
-- while its heartbeat is fresh. started_at spaces the runs an interval apart across all bridges.
create table job_lease (
    job         text primary key,
    holder      text,
    started_at  timestamptz not null,
    finished_at timestamptz
);
