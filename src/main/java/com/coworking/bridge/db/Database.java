package com.coworking.bridge.db;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one store: a connection pool to PostgreSQL (embedded or given by DB_URL) whose schema is
 * brought up to date by the Flyway migrations packaged in the jar before anything else runs.
 */
public final class Database extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseSettings settings;
    private EmbeddedDatabase embedded;
    private HikariDataSource pool;

    public Database(DatabaseSettings settings) {
        this.settings = settings;
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    protected void doStart() throws Exception {
        String url = settings.url();
        if (url.isBlank()) {
            embedded = EmbeddedDatabase.start(Path.of(settings.embeddedDataDirectory()), settings.embeddedPort());
            url = embedded.jdbcUrl();
        } else {
            LOG.info("Using PostgreSQL at {}", withoutCredentials(url));
        }
        pool = new HikariDataSource(poolConfig(url));
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .connectRetries(settings.startupRetries())
                .load()
                .migrate();
    }

    @Override
    protected void doStop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private HikariConfig poolConfig(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bridge-db");
        config.setJdbcUrl(url);
        if (!settings.user().isBlank()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isBlank()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        // Webhook senders give up after 15 s: when the database is away we must fail fast and answer 503.
        Duration timeout = Duration.ofMillis(settings.connectTimeoutMillis());
        config.setConnectionTimeout(timeout.toMillis());
        config.setValidationTimeout(Math.min(timeout.toMillis(), 1000));
        config.addDataSourceProperty("connectTimeout", Math.max(1, timeout.toSeconds()));
        config.addDataSourceProperty("socketTimeout", 30);
        // Start even while the database is still coming up; Flyway's retries decide when to give up.
        config.setInitializationFailTimeout(-1);
        return config;
    }

    /** Connection URLs may carry a password; never log it. */
    static String withoutCredentials(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//[^/@]*@", "//****@");
    }
}
