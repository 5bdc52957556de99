package com.coworking.bridge.db;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one store: a connection pool to PostgreSQL (embedded, or given by DB_URL) whose schema is brought
 * up to date by the Flyway migrations packaged in the jar. It comes up in the background, so the management port
 * answers at once (health DOWN with the reason) while the database is still being reached: the bridge tries
 * again with a growing pause (at most {@code bridge.db.retry-max-delay-ms}) and says so in the log once a minute.
 * Nothing that needs the database runs before it is {@link #isReady() ready}. Once ready, a probe checks it every
 * second, and any caller that finds it away says so ({@link #unreachable}): health, metrics and the intake then
 * answer at once from that state instead of each waiting for a connection.
 */
public final class Database extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final Duration STARTING_STOP_WAIT = Duration.ofSeconds(30);
    private static final int PROBE_TIMEOUT_SECONDS = 1;

    private final DatabaseSettings settings;
    private final CamelContext camel;
    private final HikariDataSource pool;
    private volatile boolean ready;
    private volatile String problem = "starting";
    private volatile boolean reachable;
    private volatile Instant unreachableSince;
    private volatile EmbeddedDatabase embedded;
    /** Held while an embedded PostgreSQL starts: a stop waits for it rather than orphan a half-started server. */
    private final ReentrantLock embeddedStart = new ReentrantLock();
    private ScheduledExecutorService starter;
    private Instant firstFailure;
    private Instant lastLogged;
    private int attempts;

    public Database(DatabaseSettings settings, CamelContext camel) {
        this.settings = settings;
        this.camel = camel;
        this.pool = new HikariDataSource();
    }

    /** The pool, usable at once; until the database is reached every connection request fails fast. */
    public DataSource dataSource() {
        return pool;
    }

    /** Reached and migrated. */
    public boolean isReady() {
        return ready;
    }

    /** Ready, and neither the last probe nor any caller since found it away. */
    public boolean isReachable() {
        return ready && reachable;
    }

    /** Since when it is away (null while reachable). */
    public Instant unreachableSince() {
        return unreachableSince;
    }

    /** A caller found the database away: everyone answers from that until the probe reaches it again. */
    public void unreachable(Throwable why) {
        if (reachable) {
            // Since when and why first: whoever sees it away reads both
            unreachableSince = Instant.now();
            problem = rootMessage(why);
            reachable = false;
            LOG.error("Database unreachable: {}; webhooks are answered 503 until it is back", problem);
        }
    }

    /**
     * Closes the idle connections (and those in use, once returned): after one failed, the others are likely dead too -
     * the database restarted or cut them - and the pool would hand out one used within the last half second unchecked.
     */
    public void dropIdleConnections() {
        HikariPoolMXBean connections = pool.getHikariPoolMXBean();
        if (connections != null) {
            connections.softEvictConnections();
        }
    }

    /** Why the database is not ready, for health and logs. */
    public String problem() {
        return problem;
    }

    @Override
    protected void doStart() {
        starter = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "database-start");
        starter.execute(this::attempt);
    }

    private void attempt() {
        if (!isRunAllowed()) {
            return;
        }
        try {
            String url = settings.url();
            if (url.isBlank()) {
                if (embedded == null) {
                    startEmbedded(settings.embeddedPort());
                }
                url = embedded.jdbcUrl();
            }
            if (pool.getJdbcUrl() == null) {
                configure(url);
                if (embedded != null) {
                    pool.setPassword(embedded.password());
                }
                if (!settings.url().isBlank()) {
                    LOG.info("Using PostgreSQL at {}", withoutCredentials(url));
                }
            }
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            reachable = true;
            ready = true;
            problem = null;
            starter.scheduleWithFixedDelay(this::probe, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            if (firstFailure != null) {
                LOG.info("Database reached after {} s and {} attempts; the bridge is ready", Duration.between(firstFailure, Instant.now())
                        .toSeconds(), attempts + 1);
            }
        } catch (Exception e) {
            if (!isRunAllowed()) {
                // Stopping (a failed start, say): what failed is the interrupted attempt itself
                return;
            }
            retryLater(e);
        }
    }

    /** Starts the embedded PostgreSQL (again, on the same port, if its postmaster died) and watches its postmaster. */
    private void startEmbedded(int port) throws java.io.IOException {
        EmbeddedDatabase started;
        embeddedStart.lock();
        try {
            if (!isRunAllowed()) {
                throw new IllegalStateException("the bridge is stopping");
            }
            started = EmbeddedDatabase.start(Path.of(settings.embeddedDataDirectory()), port);
            embedded = started;
        } finally {
            embeddedStart.unlock();
        }
        started.postmasterExit().thenRun(() -> {
            if (isRunAllowed() && embedded == started) {
                unreachable(new IllegalStateException("the embedded PostgreSQL's postmaster exited"));
                LOG.error("The embedded PostgreSQL stopped unexpectedly (its postmaster exited); starting it again");
                starter.execute(() -> restartEmbedded(started));
            }
        });
    }

    /** Until it runs again: health says why, webhooks are answered 503, nothing acknowledged is lost. */
    private void restartEmbedded(EmbeddedDatabase dead) {
        if (!isRunAllowed()) {
            return;
        }
        try {
            // Releases the data folder's lock; stopping a postmaster that is gone fails, which is expected here
            dead.close();
        } catch (java.io.IOException | RuntimeException alreadyGone) {
            LOG.debug("Closing the exited embedded PostgreSQL: {}", alreadyGone.getMessage());
        }
        try {
            startEmbedded(dead.port());
            LOG.info("The embedded PostgreSQL runs again on port {}", dead.port());
        } catch (Exception notYet) {
            problem = "the embedded PostgreSQL could not be started again: " + rootMessage(notYet);
            LOG.error("The embedded PostgreSQL could not be started again ({}); trying again in {} s", rootMessage(notYet),
                    FIRST_RETRY.multipliedBy(4).toSeconds());
            starter.schedule(() -> restartEmbedded(dead), FIRST_RETRY.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Every second once ready: is the database there? */
    private void probe() {
        try (java.sql.Connection connection = pool.getConnection()) {
            if (!connection.isValid(PROBE_TIMEOUT_SECONDS)) {
                throw new java.sql.SQLException("PostgreSQL did not answer within " + PROBE_TIMEOUT_SECONDS + " s");
            }
            if (!reachable) {
                Instant since = unreachableSince;
                reachable = true;
                problem = null;
                unreachableSince = null;
                LOG.info("Database reachable again after {} s", since == null ? 0 : Duration.between(since, Instant.now()).toSeconds());
            }
        } catch (Exception away) {
            unreachable(away);
        }
    }

    private void retryLater(Exception e) {
        attempts++;
        problem = rootMessage(e);
        Instant now = Instant.now();
        if (firstFailure == null) {
            firstFailure = now;
        }
        if (lastLogged == null || Duration.between(lastLogged, now).compareTo(LOG_EVERY) >= 0) {
            lastLogged = now;
            LOG.error("Database not reachable ({} attempt(s) in {} s): {}; webhooks are answered 503 until it is; trying again",
                    attempts, Duration.between(firstFailure, now).toSeconds(), problem);
        }
        long delay = Math.min(settings.retryMaxDelayMillis(), FIRST_RETRY.toMillis() << Math.min(attempts - 1, 16));
        if (isRunAllowed()) {
            starter.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        ready = false;
        // An embedded PostgreSQL still starting (initdb, the postmaster) is let finish, not interrupted, so that it is
        // stopped below instead of left running on its own
        boolean startFinished = embeddedStart.tryLock(STARTING_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            if (starter != null) {
                camel.getExecutorServiceManager().shutdownNow(starter);
            }
            pool.close();
            if (embedded != null) {
                embedded.close();
                LOG.info("Embedded PostgreSQL stopped");
            }
        } finally {
            if (startFinished) {
                embeddedStart.unlock();
            }
        }
    }

    private void configure(String url) {
        pool.setPoolName("bridge-db");
        pool.setJdbcUrl(url);
        if (!settings.user().isBlank()) {
            pool.setUsername(settings.user());
        }
        if (!settings.password().isBlank()) {
            pool.setPassword(settings.password());
        }
        pool.setMaximumPoolSize(settings.poolSize());
        // Webhook senders give up after 15 s: when the database is away we must fail fast and answer 503.
        Duration timeout = Duration.ofMillis(settings.connectTimeoutMillis());
        pool.setConnectionTimeout(timeout.toMillis());
        pool.setValidationTimeout(Math.min(timeout.toMillis(), 1000));
        pool.addDataSourceProperty("connectTimeout", Math.max(1, timeout.toSeconds()));
        pool.addDataSourceProperty("socketTimeout", 30);
        // Start even while the database is away; this service decides when it is ready.
        pool.setInitializationFailTimeout(-1);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Connection URLs may carry a password; never log it. */
    static String withoutCredentials(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//[^/@]*@", "//****@");
    }
}
