package com.coworking.bridge.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the bridge itself when no DB_URL is given, so a first run needs nothing
 * installed. Its files live in one folder and are kept across restarts. Unlike the library's defaults it
 * writes with fsync on (an acknowledged webhook must survive a power loss), and it is stopped by the bridge,
 * last, not by a JVM shutdown hook of its own that would stop it while the bridge still works.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(30);

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
        stopLeftover(absolute);
        if (port != 0 && taken(port)) {
            throw new IllegalStateException("DB_EMBEDDED_PORT " + port + " is taken by another program: choose a free port, "
                    + "or 0 for any free one (or set DB_URL to use that server)");
        }
        LOG.info("Starting the embedded PostgreSQL with its data in {} (kept across restarts; set DB_URL to use your own server)",
                absolute);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(absolute)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                // The library starts PostgreSQL with -F (fsync off) and synchronous commits off; options given here come
                // after those and win: an acknowledged webhook must survive a crash and a power loss.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        return new EmbeddedDatabase(postgres);
    }

    /**
     * A bridge killed with kill -9 leaves its PostgreSQL running on the data folder. It is stopped (it shuts down
     * cleanly on SIGTERM, its data intact) before a new one starts on the same folder.
     */
    private static void stopLeftover(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> leftover = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle process = leftover.get();
        LOG.warn("A PostgreSQL left running by an earlier bridge (pid {}) holds {}: stopping it before starting again",
                process.pid(), dataDirectory);
        process.destroy();
        try {
            process.onExit().get(LEFTOVER_STOP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            LOG.info("The earlier PostgreSQL (pid {}) stopped", process.pid());
        } catch (Exception notStopped) {
            throw new IllegalStateException("The PostgreSQL left running by an earlier bridge (pid " + process.pid()
                    + ") did not stop within " + LEFTOVER_STOP_WAIT.toSeconds() + " s; stop it, then start the bridge again");
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException notAPid) {
            return Optional.empty();
        }
    }

    private static boolean taken(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException inUse) {
            return true;
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
