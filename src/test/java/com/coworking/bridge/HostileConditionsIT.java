package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.BridgeProcess;
import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;

/**
 * The packaged jar, run with the JVM options of .env.example, where the internet and the host are not friendly: a
 * flood of large unsigned bodies, webhooks sent while it starts, another local user trying its embedded database, and
 * that database's postmaster killed. It keeps storing signed webhooks through all of them.
 */
class HostileConditionsIT {

    private static final String BODY = "{\"type\":\"membership.invited\",\"membership\":{\"id\":\"2205df47-9f84-452f-b2fd-f9cacf996364\","
            + "\"userRef\":\"1ab98bf7-82c7-4558-98b2-66e80142d82e\",\"locationRef\":\"a864d2ee-f62f-4d0f-8080-fd67b7e468df\"}}";
    private static final int FLOOD = 400;
    private static final byte[] ONE_MEGABYTE = new byte[1024 * 1024];

    private static Map<String, String> embedded(int databasePort) {
        return Map.of("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET, "DB_EMBEDDED_PORT", String.valueOf(databasePort));
    }

    @Test
    void aFloodOfLargeUnsignedBodiesIsRefusedAtOnceAndSignedWebhooksAreStillStored(@TempDir Path folder) throws Exception {
        try (BridgeProcess bridge = BridgeProcess.startWithJvm(folder, embedded(FreePorts.next()), BridgeProcess.recommendedJvm())
                .awaitReady(Duration.ofSeconds(120))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(bridge.url("/webhooks/spacebring")))
                                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(ONE_MEGABYTE)).build(), HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode).exceptionally(failed -> -1));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            Map<Integer, Integer> byStatus = new TreeMap<>();
            answers.forEach(answer -> byStatus.merge(answer.join(), 1, Integer::sum));

            assertThat(byStatus.getOrDefault(-1, 0)).as("every request answered: %s", byStatus).isZero();
            assertThat(byStatus.keySet()).as("refused, never failed: %s", byStatus).containsAnyOf(503).allMatch(s -> s == 401 || s == 503);
            long started = System.nanoTime();
            HttpResponse<String> signed = new SignedWebhooks(bridge.url("/webhooks/spacebring")).send(BODY);
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stored within seconds").isLessThan(Duration.ofSeconds(5));
            assertThat(bridge.health("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(bridge.isAlive()).isTrue();
            assertThat(bridge.log()).doesNotContain("OutOfMemoryError").contains("Webhooks refused unread since the last report: ");
            assertThat(bridge.health("/observe/metrics").body().lines().filter(line -> line.startsWith("bridge_webhooks_refused_busy_total ")))
                    .as("the refusals are counted").singleElement().satisfies(line -> assertThat(line).doesNotEndWith(" 0.0"));
        }
    }

    @Test
    void webhooksSentWhileTheBridgeStartsAreNeverAnswered404(@TempDir Path folder) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(embedded(FreePorts.next()));
        int httpPort = FreePorts.next();
        environment.put("HTTP_PORT", String.valueOf(httpPort));
        SignedWebhooks webhooks = new SignedWebhooks("http://127.0.0.1:" + httpPort + "/webhooks/spacebring");
        Map<Integer, Integer> byStatus = new TreeMap<>();
        try (BridgeProcess bridge = BridgeProcess.start(folder, environment)) {
            Instant deadline = Instant.now().plusSeconds(120);
            int status = 0;
            while (status != 200 && Instant.now().isBefore(deadline) && bridge.isAlive()) {
                try {
                    status = webhooks.send(BODY).statusCode();
                    byStatus.merge(status, 1, Integer::sum);
                } catch (java.io.IOException notListeningYet) {
                    Thread.sleep(5);
                }
            }
            assertThat(status).as("stored once started: %s", byStatus).isEqualTo(200);
            assertThat(byStatus).as("while starting: 503 with Retry-After, never 404").doesNotContainKey(404);
        }
    }

    @Test
    void theEmbeddedDatabaseAsksForItsPasswordAndComesBackWhenItsPostmasterIsKilled(@TempDir Path folder) throws Exception {
        int databasePort = FreePorts.next();
        try (BridgeProcess bridge = BridgeProcess.start(folder, embedded(databasePort)).awaitReady(Duration.ofSeconds(120))) {
            String url = "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(url + "?user=postgres").close())
                    .as("another local user, without the password").isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(url + "?user=postgres&password=postgres").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            Path passwordFile = folder.resolve("data/postgres.password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).as("owner only").isEqualTo("rw-------");
            try (Connection owner = DriverManager.getConnection(url, "postgres", Files.readString(passwordFile).trim())) {
                assertThat(owner.isValid(2)).isTrue();
            }

            long postmaster = Long.parseLong(Files.readAllLines(folder.resolve("data/postgres/postmaster.pid")).get(0).trim());
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            Awaitility.await("the postmaster started again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        HttpResponse<String> answer = new SignedWebhooks(bridge.url("/webhooks/spacebring")).send(BODY);
                        return answer.statusCode() == 200;
                    });
            assertThat(bridge.log()).contains("The embedded PostgreSQL stopped unexpectedly").contains("The embedded PostgreSQL runs again");
            // the database probe runs on its own schedule, so readiness follows the first stored webhook by a moment
            Awaitility.await("ready again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> new ObjectMapper().readTree(bridge.health("/observe/health/ready").body()).path("status").asText(),
                            "UP"::equals);
            assertThat(bridge.log()).doesNotContain(Files.readString(passwordFile).trim());
            // The README's command (DB_EMBEDDED_PORT) for a look inside, as printed, with PORT filled in
            String command = "PGPASSWORD=$(cat data/postgres.password) psql -h localhost -p PORT -U postgres".replace("PORT",
                    String.valueOf(databasePort));
            org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v psql").start().waitFor() == 0,
                    "psql is installed");
            Process psql = new ProcessBuilder("sh", "-c", command + " -tAc 'select 42'").directory(folder.toFile())
                    .redirectErrorStream(true).start();
            assertThat(new String(psql.getInputStream().readAllBytes()).trim()).isEqualTo("42");
        }
    }
}
