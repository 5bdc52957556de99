package com.coworking.bridge.poll;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Progress of a link's current or last poll, for the log and as an MBean in Camel's JMX tree
 * ({@code org.apache.camel:context=spacebring-luckey-bridge,type=bridge,link=<link>,name="poll"}).
 */
@ManagedResource(description = "Poll of a link's Spacebring location: progress of the current or last poll")
public final class PollProgress {

    private final JdbcTemplate jdbc;
    private final String link;
    private final String locationRef;
    private final AtomicInteger pages = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean fullSync;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String lastOutcome = "no poll yet";

    public PollProgress(DataSource dataSource, String link, String locationRef) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.link = link;
        this.locationRef = locationRef;
    }

    void started(boolean full, Instant at) {
        running = true;
        fullSync = full;
        pages.set(0);
        startedAt = at;
        finishedAt = null;
    }

    int pageDone() {
        return pages.incrementAndGet();
    }

    void finished(String outcome, Instant at) {
        running = false;
        finishedAt = at;
        lastOutcome = outcome;
    }

    @ManagedAttribute(description = "A poll is under way")
    public boolean isRunning() {
        return running;
    }

    @ManagedAttribute(description = "The current (or last) poll is a full sync: first start, or the link enabled again")
    public boolean isFullSync() {
        return fullSync;
    }

    @ManagedAttribute(description = "Pages read by the current (or last) poll")
    public int getPagesFetched() {
        return pages.get();
    }

    @ManagedAttribute(description = "Users of the linked location the mirror knows")
    public long getUsersKnown() {
        Long known = jdbc.queryForObject("select count(distinct user_ref) from sb_membership where location_ref = ?", Long.class,
                locationRef);
        return known == null ? 0 : known;
    }

    @ManagedAttribute(description = "Of those, users not waiting to be reconciled")
    public long getUsersDone() {
        Long waiting = jdbc.queryForObject("""
                select count(*) from sync_queue q where q.link = ? and exists (select 1 from sb_membership m
                where m.user_ref = q.user_ref and m.location_ref = ?)""", Long.class, link, locationRef);
        return Math.max(0, getUsersKnown() - (waiting == null ? 0 : waiting));
    }

    @ManagedAttribute(description = "When the current (or last) poll started")
    public String getStartedAt() {
        return startedAt == null ? null : startedAt.toString();
    }

    @ManagedAttribute(description = "When the last poll finished")
    public String getFinishedAt() {
        return finishedAt == null ? null : finishedAt.toString();
    }

    @ManagedAttribute(description = "How the last poll ended")
    public String getLastOutcome() {
        return lastOutcome;
    }
}
