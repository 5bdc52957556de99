package com.coworking.bridge.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.logging.SecretMask;

/**
 * A PostgreSQL server run by the bridge itself when no DB_URL is given, so a first run needs nothing
 * installed. Its files live in one folder and are kept across restarts. Unlike the library's defaults it
 * writes with fsync on (an acknowledged webhook must survive a power loss), and it is stopped by the bridge,
 * last, not by a JVM shutdown hook of its own that would stop it while the bridge still works.
 * <p>
 * It is the bridge's alone: the library trusts every local user as superuser, which would let any account on the host
 * edit the tables that decide door access. Here the superuser has a random password, kept owner-only beside the
 * data folder ({@code <folder>.password}), and every connection, TCP or socket, must give it (scram-sha-256). A data
 * folder made by an earlier bridge without one gets one at its first start here.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(30);

    private static final String AUTHENTICATION = "scram-sha-256";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
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
        Path passwordFile = passwordFile(absolute);
        boolean fresh = !Files.exists(absolute.resolve("postgresql.conf"));
        boolean protectedBefore = Files.exists(passwordFile);
        String password = protectedBefore ? Files.readString(passwordFile).trim() : newPassword(passwordFile);
        SecretMask.add(password);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (fresh) {
            // initdb takes these after the library's own "-A trust": the superuser gets the password, and only with it a connection
            builder.setLocaleConfig("pwfile", passwordFile.toString()).setLocaleConfig("auth", AUTHENTICATION);
        }
        if (fresh || protectedBefore) {
            builder.setConnectConfig("password", password);
        }
        EmbeddedPostgres postgres = builder
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
        if (!fresh && !protectedBefore) {
            requirePassword(postgres, absolute, password);
        }
        return new EmbeddedDatabase(postgres, absolute, password);
    }

    /** The superuser's password beside the data folder: {@code data/postgres} has {@code data/postgres.password}. */
    static Path passwordFile(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
    }

    /** A random password, written owner-only before anything can read it. */
    private static String newPassword(Path passwordFile) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.createDirectories(passwordFile.getParent());
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n");
        return password;
    }

    /**
     * A data folder made by an earlier bridge trusts every local user: the superuser gets the password, then every
     * line of pg_hba.conf asks for it.
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path dataDirectory, String password) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set password_encryption = '" + AUTHENTICATION + "'");
            sql.execute("alter user postgres password '" + password + "'");
            Path hba = dataDirectory.resolve("pg_hba.conf");
            Files.writeString(hba, Files.readString(hba).replaceAll("(?m)\\btrust[ \\t]*$", AUTHENTICATION));
            sql.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("Could not give the embedded PostgreSQL's superuser a password: " + e.getMessage(), e);
        }
        LOG.info("The embedded PostgreSQL trusted every local user; it now asks for the password in {}", passwordFile(dataDirectory));
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

    String password() {
        return password;
    }

    int port() {
        return postgres.getPort();
    }

    /** Completes when the postmaster exits, for whatever reason (a stop, a crash, a kill). */
    CompletableFuture<ProcessHandle> postmasterExit() throws IOException {
        List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
        return (lines.isEmpty() ? Optional.<Long>empty() : parsePid(lines.get(0))).flatMap(ProcessHandle::of)
                .map(ProcessHandle::onExit).orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
