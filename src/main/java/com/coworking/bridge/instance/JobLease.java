package com.coworking.bridge.instance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The route policy of a periodic job (poll, time-driven access, drift repair): with several bridges on one database
 * the job runs on one of them at a time, about once per interval, through its row in {@code job_lease}. Every bridge's
 * timer asks often ({@code bridge.jobs.check-ms}); a tick runs the job when no live bridge holds it and its last
 * run started an interval ago. A lease never stays lost: it is taken over at the next tick when its holder died
 * mid-run (its heartbeat stopped for {@code bridge.instance.dead-after-ms}), when its holder has held it past its
 * interval and the dead-after time (a run that hangs), and, by the holder itself, when the release after a run failed
 * (the database was away): this bridge knows it runs nothing.
 */
public final class JobLease extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);
    private static final String HELD = "bridge.jobLeaseHeld";

    private final String job;
    private final Duration interval;
    private final BridgeInstance instance;
    private final JdbcTemplate jdbc;
    /** This bridge runs the job now: a lease that names this bridge while it is false was not given back. */
    private final AtomicBoolean running = new AtomicBoolean();

    public JobLease(String job, Duration interval, BridgeInstance instance, DataSource dataSource) {
        this.job = job;
        this.interval = interval;
        this.instance = instance;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Takes the job, or stops this tick when another bridge runs it or it is not due yet. */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (exchange.isRouteStop()) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            exchange.setRouteStop(true);
            return;
        }
        String previous;
        try {
            previous = take();
        } catch (RuntimeException databaseAway) {
            running.set(false);
            throw databaseAway;
        }
        if (previous == null) {
            running.set(false);
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(HELD, true);
        if (previous.equals(instance.getId())) {
            LOG.warn("Job {}: its last run here could not give the lease back (the database was away); taken again", job);
        } else if (!previous.isEmpty()) {
            LOG.info("Took over job {} from instance {}, which stopped beating or held it past its interval", job, previous);
        }
    }

    /** Gives the job back; if the database is away now, the next tick takes it again (see {@link #take()}). */
    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (!exchange.getProperty(HELD, false, Boolean.class)) {
            return;
        }
        try {
            jdbc.update("update job_lease set holder = null, finished_at = now() where job = ? and holder = ?", job, instance.getId());
        } catch (RuntimeException databaseAway) {
            LOG.warn("Job {}: the lease could not be given back ({}); the next tick takes it again", job, databaseAway.getMessage());
        } finally {
            running.set(false);
        }
    }

    /**
     * Due when idle, or held by this bridge that runs nothing (a release that failed), and started at least nine tenths
     * of an interval ago (timers on different bridges and the database clock never tick in step); or when its holder
     * died, or held it past its interval and the dead-after time. Returns the previous holder ("" when idle), or null
     * when this bridge does not run the job now.
     */
    private String take() {
        long dueAfterMillis = interval.toMillis() - interval.toMillis() / 10;
        long staleAfterMillis = interval.toMillis() + instance.getDeadAfterSeconds() * 1000L;
        return jdbc.query("""
                        with previous as (select holder from job_lease where job = ?)
                        insert into job_lease as l (job, holder, started_at) values (?, ?, now())
                        on conflict (job) do update set holder = excluded.holder, started_at = now(), finished_at = null
                        where ((l.holder is null or l.holder = excluded.holder) and l.started_at <= now() - ? * interval '1 millisecond')
                        or (l.holder is not null and l.holder not in (select live_bridges(?)))
                        or (l.holder is not null and l.started_at <= now() - ? * interval '1 millisecond')
                        returning coalesce((select holder from previous), '') as previous""",
                rows -> rows.next() ? rows.getString(1) : null,
                job, job, instance.getId(), dueAfterMillis, instance.getDeadAfterSeconds(), staleAfterMillis);
    }
}
