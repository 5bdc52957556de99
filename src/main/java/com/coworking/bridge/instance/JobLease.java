package com.coworking.bridge.instance;

import java.time.Duration;

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
 * timer asks often ({@code bridge.jobs.check-ms}); a tick runs the job only when no live bridge holds it and its last
 * run started an interval ago, or when the bridge that held it died mid-run (its heartbeat stopped): then the job is
 * taken over at the next tick after {@code bridge.instance.dead-after-ms}.
 */
public final class JobLease extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);
    private static final String HELD = "bridge.jobLeaseHeld";

    private final String job;
    private final Duration interval;
    private final BridgeInstance instance;
    private final JdbcTemplate jdbc;

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
        String previous = take();
        if (previous == null) {
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(HELD, true);
        if (!previous.isEmpty() && !previous.equals(instance.getId())) {
            LOG.info("Took over job {} from instance {}, which stopped beating in the middle of it", job, previous);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.getProperty(HELD, false, Boolean.class)) {
            jdbc.update("update job_lease set holder = null, finished_at = now() where job = ? and holder = ?", job, instance.getId());
        }
    }

    /**
     * Due when idle and started at least nine tenths of an interval ago (timers on different bridges and the
     * database clock never tick in step), or when its holder died. Returns the previous holder ("" when idle), or
     * null when this bridge does not run the job now.
     */
    private String take() {
        long dueAfterMillis = interval.toMillis() - interval.toMillis() / 10;
        return jdbc.query("""
                        with previous as (select holder from job_lease where job = ?)
                        insert into job_lease as l (job, holder, started_at) values (?, ?, now())
                        on conflict (job) do update set holder = excluded.holder, started_at = now(), finished_at = null
                        where (l.holder is null and l.started_at <= now() - ? * interval '1 millisecond')
                        or (l.holder is not null and l.holder not in (select live_bridges(?)))
                        returning coalesce((select holder from previous), '') as previous""",
                rows -> rows.next() ? rows.getString(1) : null,
                job, job, instance.getId(), dueAfterMillis, instance.getDeadAfterSeconds());
    }
}
