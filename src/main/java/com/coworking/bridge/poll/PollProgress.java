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

    private static final long COUNT_EVERY_SECONDS = 5;

    private final JdbcTemplate jdbc;
    private final String link;
    private final String locationRef;
    private final AtomicInteger pages = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean fullSync;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String lastOutcome = "no poll yet";
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private volatile Users users;

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
        if (outcome.startsWith("failed")) {
            failed.incrementAndGet();
        }
        users = null;
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

    @ManagedAttribute(description = "Users of the linked location the mirror knows (counted at most every "
            + COUNT_EVERY_SECONDS + " s)")
    public long getUsersKnown() {
        return users().known();
    }

    @ManagedAttribute(description = "Of those, users not waiting to be reconciled (counted at most every "
            + COUNT_EVERY_SECONDS + " s)")
    public long getUsersDone() {
        Users users = users();
        return Math.max(0, users.known() - users.waiting());
    }

    /**
     * Both user figures count a whole location (100,000 rows at a large one): one query for both, and not again for
     * COUNT_EVERY_SECONDS, so that jconsole refreshing every few seconds costs next to nothing.
     */
    private Users users() {
        Users last = users;
        if (last != null && last.countedAt() > System.nanoTime() - COUNT_EVERY_SECONDS * 1_000_000_000L) {
            return last;
        }
        Users counted = jdbc.queryForObject("""
                select count(distinct m.user_ref) as known, count(distinct m.user_ref) filter (where exists (
                  select 1 from sync_queue q where q.link = ? and q.user_ref = m.user_ref)) as waiting
                from sb_membership m where m.location_ref = ?""",
                (rs, row) -> new Users(rs.getLong("known"), rs.getLong("waiting"), System.nanoTime()), link, locationRef);
        users = counted;
        return counted;
    }

    private record Users(long known, long waiting, long countedAt) {
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

    @ManagedAttribute(description = "Polls of this location that failed on this bridge since it started")
    public long getFailed() {
        return failed.get();
    }
}
