package com.coworking.bridge.poll;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;

/** Progress of the current or last poll, for the log and as the JMX MBean {@code spacebring-luckey-bridge:type=Poll}. */
public final class PollProgress extends ServiceSupport implements PollProgressMBean {

    static final String OBJECT_NAME = "spacebring-luckey-bridge:type=Poll";

    private final JdbcTemplate jdbc;
    private final String locationRef;
    private volatile boolean running;
    private volatile boolean fullSync;
    private volatile int pages;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String lastOutcome = "no poll yet";

    public PollProgress(DataSource dataSource, String locationRef) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.locationRef = locationRef;
    }

    void started(boolean full, Instant at) {
        running = true;
        fullSync = full;
        pages = 0;
        startedAt = at;
        finishedAt = null;
    }

    int pageDone() {
        return ++pages;
    }

    void finished(String outcome, Instant at) {
        running = false;
        finishedAt = at;
        lastOutcome = outcome;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isFullSync() {
        return fullSync;
    }

    @Override
    public int getPagesFetched() {
        return pages;
    }

    @Override
    public long getUsersKnown() {
        Long known = jdbc.queryForObject("select count(distinct user_ref) from sb_membership where location_ref = ?", Long.class,
                locationRef);
        return known == null ? 0 : known;
    }

    @Override
    public long getUsersDone() {
        Long waiting = jdbc.queryForObject("""
                select count(*) from sync_queue q where exists (select 1 from sb_membership m where m.user_ref = q.user_ref
                and m.location_ref = ?)""", Long.class, locationRef);
        return Math.max(0, getUsersKnown() - (waiting == null ? 0 : waiting));
    }

    @Override
    public String getStartedAt() {
        return startedAt == null ? null : startedAt.toString();
    }

    @Override
    public String getFinishedAt() {
        return finishedAt == null ? null : finishedAt.toString();
    }

    @Override
    public String getLastOutcome() {
        return lastOutcome;
    }

    @Override
    protected void doStart() throws Exception {
        unregister();
        ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(OBJECT_NAME));
    }

    @Override
    protected void doStop() throws Exception {
        unregister();
    }

    /** Also run at start: a bridge started again in the same JVM (tests) replaces the previous MBean. */
    private static void unregister() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
