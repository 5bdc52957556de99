package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;

/**
 * The jar that {@code mvn package} builds, started with {@code java -jar} in an empty folder on embedded
 * defaults: it answers on both ports, keeps its data across a restart and never prints a secret.
 */
class PackagedJarIT {

    private static final String SPACEBRING_CLIENT_SECRET = "sb-client-secret-4711";
    private static final String LUCKEY_CLIENT_SECRET = "luckey-client-secret-0815";
    private static final Path JAR = Path.of(System.getProperty("bridge.jar", "target/spacebring-luckey-bridge.jar"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void runsOnEmbeddedDefaultsAndKeepsItsDataAcrossARestart(@TempDir Path workingDirectory) throws Exception {
        assertThat(JAR).as("built by mvn package").exists();
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        String id = SignedWebhooks.newMessageId();
        String body = "{\"type\":\"membership.invited\",\"membership\":{\"id\":\"m-1\",\"userRef\":\"u-1\",\"locationRef\":\"loc-1\"}}";
        SignedWebhooks webhooks = new SignedWebhooks("http://127.0.0.1:" + httpPort + "/webhooks/spacebring");
        Path log = workingDirectory.resolve("bridge.log");

        Process first = start(workingDirectory, httpPort, managementPort, log);
        try {
            awaitHealthy(managementPort, first, log);
            HttpResponse<String> stored = webhooks.send(id, body);
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(result(stored)).isEqualTo("stored");
        } finally {
            stop(first);
        }
        String firstLog = Files.readString(log);
        assertThat(firstLog).contains("embedded PostgreSQL with its data in " + workingDirectory.resolve("data/postgres"));
        assertThat(workingDirectory.resolve("data/postgres/PG_VERSION")).exists();

        Process second = start(workingDirectory, httpPort, managementPort, log);
        try {
            awaitHealthy(managementPort, second, log);
            assertThat(result(webhooks.send(id, body))).as("the inbox row survived the restart").isEqualTo("duplicate");
        } finally {
            stop(second);
        }
        assertThat(firstLog + Files.readString(log))
                .doesNotContain(RunningBridge.SECRET.substring("whsec_".length()))
                .doesNotContain(SPACEBRING_CLIENT_SECRET)
                .doesNotContain(LUCKEY_CLIENT_SECRET);
    }

    private Process start(Path workingDirectory, int httpPort, int managementPort, Path log) throws Exception {
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = java.environment();
        env.remove("DB_URL");
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("MANAGEMENT_HOST", "127.0.0.1");
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET);
        env.put("SPACEBRING_CLIENT_SECRET", SPACEBRING_CLIENT_SECRET);
        env.put("LUCKEY_CLIENT_SECRET", LUCKEY_CLIENT_SECRET);
        return java.start();
    }

    private void awaitHealthy(int managementPort, Process bridge, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health"))
                .timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            assertThat(bridge.isAlive()).as("bridge exited early:%n%s", Files.readString(log)).isTrue();
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notListeningYet) {
                // keep polling until the deadline
            }
            Thread.sleep(250);
        }
        throw new AssertionError("bridge not healthy within 120 s:\n" + Files.readString(log));
    }

    private static void stop(Process bridge) throws InterruptedException {
        bridge.destroy();
        if (!bridge.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            bridge.destroyForcibly();
        }
    }

    private static String result(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body()).path("result").asText();
    }
}
