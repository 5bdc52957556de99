package com.coworking.bridge.instance;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.db.Database;

/**
 * This running bridge, as a row of {@code bridge_instance} with a heartbeat. Webhooks and users it claims carry
 * its id; when its heartbeat is older than {@code bridge.instance.dead-after-ms} another bridge takes its claims
 * over, so work a crashed bridge held waits seconds, not a long lease. A bridge whose own heartbeat could not be
 * written for that long stops writing to Luckey (it may have been taken over), so one user is never worked on by
 * two bridges at once. On a graceful stop it releases what it holds ({@link ReleaseOnStop}).
 */
public final class BridgeInstance {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeInstance.class);

    private final String id = UUID.randomUUID().toString();
    private final Database database;
    private final JdbcTemplate jdbc;
    private final Duration deadAfter;
    private volatile long lastBeatNanos;

    private final List<Runnable> onJoin = new CopyOnWriteArrayList<>();

    public BridgeInstance(Database database, DataSource dataSource, Duration deadAfter) {
        this.database = database;
        this.jdbc = new JdbcTemplate(dataSource);
        this.deadAfter = deadAfter;
    }

    public String getId() {
        return id;
    }

    /** Seconds after which a silent bridge's claims are taken over (the claim SQL of the routes reads it). */
    public long getDeadAfterSeconds() {
        return Math.max(1, deadAfter.toSeconds());
    }

    /** Runs once this bridge has joined (its first heartbeat, the database migrated): settings kept in the database. */
    public void onJoin(Runnable task) {
        onJoin.add(task);
    }

    /** Writes the heartbeat (the route bridge-heartbeat calls it). */
    public void beat() {
        boolean first = jdbc.update("update bridge_instance set heartbeat_at = now() where id = ?", id) == 0;
        if (first) {
            jdbc.update("insert into bridge_instance (id, host, pid) values (?, ?, ?)", id, host(), ProcessHandle.current().pid());
            LOG.info("This bridge is instance {} on {}; work of a bridge silent for {} s is taken over", id, host(), getDeadAfterSeconds());
            onJoin.forEach(Runnable::run);
        }
        lastBeatNanos = System.nanoTime();
    }

    /** Whether this bridge may still act on its claims: its heartbeat was written recently enough. */
    public boolean holdsItsClaims() {
        return lastBeatNanos != 0 && System.nanoTime() - lastBeatNanos < deadAfter.toNanos() * 2 / 3;
    }

    /**
     * Releases the claims of a bridge when Camel stops, once the routes have finished their work. A service of its own,
     * not the heartbeat route's bean: Camel stops a route's beans with the route, and the heartbeat route stops first.
     */
    public static final class ReleaseOnStop extends ServiceSupport {

        private final BridgeInstance instance;

        public ReleaseOnStop(BridgeInstance instance) {
            this.instance = instance;
        }

        @Override
        protected void doStop() {
            instance.release();
        }
    }

    /** Gives back what this bridge holds: webhooks it was applying go back to pending, users it was syncing and jobs are free. */
    private void release() {
        if (!database.isReady()) {
            return;
        }
        try {
            int webhooks = jdbc.update("update inbox set status = 'pending', claimed_at = null, claimed_by = null "
                    + "where status = 'processing' and claimed_by = ?", id);
            int users = jdbc.update("update sync_queue set claimed_at = null, claimed_by = null where claimed_by = ?", id);
            // A job cut short is due again at once, on another bridge
            jdbc.update("update job_lease set holder = null, started_at = '-infinity' where holder = ?", id);
            jdbc.update("delete from bridge_instance where id = ? or heartbeat_at < now() - interval '1 day'", id);
            LOG.info("Instance {} stopped: released {} webhook(s) and {} user(s) it was working on", id, webhooks, users);
        } catch (RuntimeException e) {
            LOG.warn("Instance {} could not release its claims ({}); other bridges take them over after {} s", id, e.getMessage(),
                    getDeadAfterSeconds());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception unknown) {
            return "unknown";
        }
    }
}
