package com.coworking.bridge.db;

import java.io.IOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the bridge itself when no DB_URL is given, so a first run needs nothing
 * installed. Its files live in one folder and are kept across restarts.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, so the embedded database cannot start. "
                    + "Run the bridge as an ordinary user, or set DB_URL to an existing PostgreSQL.");
        }
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        LOG.info("Starting the embedded PostgreSQL with its data in {} (kept across restarts; set DB_URL to use your own server)",
                absolute);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(absolute)
                .setCleanDataDirectory(false)
                .setPort(port)
                // The library turns synchronous commits off for speed; a webhook we acknowledged must survive a crash.
                .setServerConfig("synchronous_commit", "on")
                .start();
        return new EmbeddedDatabase(postgres);
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
