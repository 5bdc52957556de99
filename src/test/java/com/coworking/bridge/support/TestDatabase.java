package com.coworking.bridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL server for the whole test run, which a test may stop and start again
 * (same port, same data) to see how the bridge behaves while its database is away.
 */
public final class TestDatabase {

    private static TestDatabase shared;

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private TestDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static synchronized TestDatabase shared() {
        if (shared == null) {
            try {
                shared = new TestDatabase(Files.createTempDirectory("bridge-test-pg"), FreePorts.next());
                shared.start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the test PostgreSQL", e);
            }
        }
        return shared;
    }

    public synchronized void start() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port).start();
    }

    public synchronized void stop() throws IOException {
        server.close();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** Empties the bridge's tables between tests (if the bridge created them already). */
    public void truncateAll() {
        execute("do $$ declare t text; begin "
                + "for t in select tablename from pg_tables where schemaname = 'public' and tablename <> 'flyway_schema_history' "
                + "loop execute 'truncate table ' || quote_ident(t) || ' cascade'; end loop; end $$");
    }

    public void execute(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connection() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl());
        return ds.getConnection();
    }
}
