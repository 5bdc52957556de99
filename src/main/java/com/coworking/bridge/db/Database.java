package com.coworking.bridge.db;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * Nothing that needs the database runs before it is {@link #isReady() ready}.
 */
public final class Database extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final DatabaseSettings settings;
    private final CamelContext camel;
    private final HikariDataSource pool;
    private volatile boolean ready;
    private volatile String problem = "starting";
    private EmbeddedDatabase embedded;
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
                    embedded = EmbeddedDatabase.start(Path.of(settings.embeddedDataDirectory()), settings.embeddedPort());
                }
                url = embedded.jdbcUrl();
            }
            if (pool.getJdbcUrl() == null) {
                configure(url);
                if (!settings.url().isBlank()) {
                    LOG.info("Using PostgreSQL at {}", withoutCredentials(url));
                }
            }
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            ready = true;
            problem = null;
            if (firstFailure != null) {
                LOG.info("Database reached after {} s and {} attempts; the bridge is ready", Duration.between(firstFailure, Instant.now())
                        .toSeconds(), attempts + 1);
            }
        } catch (Exception e) {
            retryLater(e);
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
        if (starter != null) {
            camel.getExecutorServiceManager().shutdownNow(starter);
        }
        pool.close();
        if (embedded != null) {
            embedded.close();
            LOG.info("Embedded PostgreSQL stopped");
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
