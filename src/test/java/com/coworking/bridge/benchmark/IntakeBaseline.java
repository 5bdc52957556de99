package com.coworking.bridge.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.svix.Webhook;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What a naive intake does, for the intake benchmark to compare with: the JDK's HTTP server, Svix's check, one INSERT
 * into PostgreSQL, a 200 - nothing else. Runs in a JVM of its own, as the bridge does, so both compete with the load
 * generator on equal terms.
 */
public final class IntakeBaseline {

    private IntakeBaseline() {
    }

    /** Arguments: port, JDBC URL, webhook secret. The table {@code bench_inbox} must exist (see {@link #start}). */
    public static void main(String[] arguments) throws Exception {
        // Without it the JDK's server leaves Nagle's algorithm on: each answer then waits ~40 ms for the client's delayed
        // ACK, and the baseline measures that wait instead of its work. Read once, before the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(arguments[1]);
        pool.setMaximumPoolSize(10);
        Webhook verifier = new Webhook(arguments[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(arguments[0])), 0);
        server.setExecutor(Executors.newFixedThreadPool(20));
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Headers headers = exchange.getRequestHeaders();
                verifier.verify(body, Map.of("svix-id", List.of(headers.getFirst("svix-id")), "svix-timestamp",
                        List.of(headers.getFirst("svix-timestamp")), "svix-signature", List.of(headers.getFirst("svix-signature"))));
                try (Connection c = pool.getConnection();
                     PreparedStatement insert = c.prepareStatement("insert into bench_inbox (svix_id, payload) values (?, ?)")) {
                    insert.setString(1, headers.getFirst("svix-id"));
                    insert.setString(2, body);
                    insert.executeUpdate();
                }
                byte[] answer = "{\"result\":\"stored\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    /** The baseline in its own JVM, on the test class path, once its table {@code bench_inbox} is made. */
    static Process start(String jdbcUrl, String secret) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("create table bench_inbox (id bigint generated always as identity primary key, svix_id text not null unique,"
                    + " received_at timestamptz not null default now(), payload text not null)");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        java.lang.Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), IntakeBaseline.class.getName(), String.valueOf(port), jdbcUrl, secret)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new Process(java, "http://127.0.0.1:" + port + "/");
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline) || !java.isAlive()) {
                    java.destroyForcibly();
                    throw new IllegalStateException("the baseline server did not start");
                }
                Thread.sleep(100);
            }
        }
    }

    record Process(java.lang.Process java, String url) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            java.destroy();
            java.waitFor();
        }
    }
}
