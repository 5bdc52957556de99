package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.BridgeProcess;
import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;

/**
 * The jar that {@code mvn package} builds, started with {@code java -jar} in an empty folder on embedded
 * defaults: it answers on both ports, keeps its data across a restart and a kill -9, writes with fsync on, stops
 * cleanly on SIGTERM, says what is wrong with a taken port or an unreachable database, and never prints a secret.
 */
class PackagedJarIT {

    private static final String SPACEBRING_CLIENT_SECRET = "sb-client-secret-4711";
    private static final String LUCKEY_CLIENT_SECRET = "luckey-client-secret-0815";
    private static final String BODY = "{\"type\":\"membership.invited\",\"membership\":{\"id\":\"2205df47-9f84-452f-b2fd-f9cacf996364\","
            + "\"userRef\":\"1ab98bf7-82c7-4558-98b2-66e80142d82e\",\"locationRef\":\"a864d2ee-f62f-4d0f-8080-fd67b7e468df\"}}";

    private static Map<String, String> embedded(int databasePort) {
        return Map.of("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET, "SPACEBRING_CLIENT_SECRET", SPACEBRING_CLIENT_SECRET,
                "LUCKEY_CLIENT_SECRET", LUCKEY_CLIENT_SECRET, "DB_EMBEDDED_PORT", String.valueOf(databasePort));
    }

    @Test
    void runsOnEmbeddedDefaultsKeepsItsDataThroughARestartAndAKillAndStopsCleanly(@TempDir Path folder) throws Exception {
        assertThat(BridgeProcess.JAR).as("built by mvn package").exists();
        int databasePort = FreePorts.next();
        String id = SignedWebhooks.newMessageId();

        BridgeProcess first = BridgeProcess.start(folder, embedded(databasePort)).awaitReady(Duration.ofSeconds(120));
        SignedWebhooks webhooks = new SignedWebhooks(first.url("/webhooks/spacebring"));
        assertThat(result(webhooks.send(id, BODY))).isEqualTo("stored");
        String password = Files.readString(folder.resolve("data/postgres.password")).trim();
        assertThat(setting(databasePort, password, "fsync")).as("an acknowledged webhook survives a power loss").isEqualTo("on");
        assertThat(setting(databasePort, password, "synchronous_commit")).isEqualTo("on");
        first.kill();
        assertThat(first.log()).contains("embedded PostgreSQL with its data in " + folder.resolve("data/postgres"))
                .as("Camel knows its version in the jar (JMX shows it as CamelVersion)").containsPattern("Apache Camel 4\\.\\d+\\.\\d+ \\(");

        BridgeProcess second = BridgeProcess.start(folder, embedded(databasePort)).awaitReady(Duration.ofSeconds(120));
        assertThat(second.log()).contains("left running by an earlier bridge");
        webhooks = new SignedWebhooks(second.url("/webhooks/spacebring"));
        assertThat(result(webhooks.send(id, BODY))).as("the inbox row survived the kill").isEqualTo("duplicate");
        Duration stop = second.terminate(Duration.ofSeconds(45));

        String log = second.log();
        assertThat(stop).as("exits within the 10 s shutdown timeout").isLessThan(Duration.ofSeconds(15));
        assertThat(log.substring(log.lastIndexOf("Stopping: new webhooks are answered 503")))
                .contains("released").contains("Embedded PostgreSQL stopped").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(log).doesNotContain(RunningBridge.SECRET.substring("whsec_".length()))
                .doesNotContain(SPACEBRING_CLIENT_SECRET).doesNotContain(LUCKEY_CLIENT_SECRET);
    }

    @Test
    void aLinksFileWithAMistakeStopsTheStartWithTheFileTheLineAndTheProblem(@TempDir Path folder) throws Exception {
        Path links = Files.writeString(folder.resolve("links.yaml"), """
                links:
                  - name: milano
                    locationRef: 4fe78c00-0000-4000-8000-000000000001
                    luckey:
                      baseUrl: https://milano.luckey.example/api/v1
                      clientId: milano-client
                      clientSecret: ${MILANO_LUCKEY_CLIENT_SECRET}
                """);
        Map<String, String> environment = new java.util.HashMap<>(embedded(FreePorts.next()));
        environment.put("LINKS_FILE", links.toString());

        try (BridgeProcess bridge = BridgeProcess.start(folder, environment)) {
            assertThat(bridge.exitCode(Duration.ofSeconds(60))).as("the bridge refuses to start").isPositive();
            assertThat(bridge.log()).contains(links + " line 7: luckey.clientSecret reads the environment variable "
                    + "MILANO_LUCKEY_CLIENT_SECRET, which is not set");
            assertThat(folder.resolve("data")).as("nothing started before the check").doesNotExist();
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithSecretsMasked(@TempDir Path folder) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(embedded(FreePorts.next()));
        environment.put("LOG_FORMAT", "json");
        environment.put("LOG_LEVEL", "DEBUG");

        try (BridgeProcess bridge = BridgeProcess.start(folder, environment)) {
            bridge.awaitReady(Duration.ofSeconds(90));
            bridge.terminate(Duration.ofSeconds(40));
            String log = bridge.log();
            ObjectMapper json = new ObjectMapper();
            List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(20).allSatisfy(line -> assertThat(json.readTree(line).fieldNames())
                    .toIterable().contains("time", "level", "thread", "logger", "message"));
            assertThat(lines).anySatisfy(line -> assertThat(json.readTree(line).get("message").asText()).contains("Link default"));
            assertThat(log).doesNotContain(SPACEBRING_CLIENT_SECRET).doesNotContain(LUCKEY_CLIENT_SECRET)
                    .doesNotContain(RunningBridge.SECRET.substring("whsec_".length()));
        }
    }

    @Test
    void aTakenDatabasePortIsSaidPlainlyAndHealthSaysWhy(@TempDir Path folder) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BridgeProcess bridge = BridgeProcess.start(folder, embedded(taken.getLocalPort()))) {
            HttpResponse<String> health = awaitHealthAnswer(bridge, "is taken by another program");

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(bridge.log()).contains("DB_EMBEDDED_PORT " + taken.getLocalPort() + " is taken by another program");
        }
    }

    @Test
    void anUnreachableDatabaseLeavesTheManagementPortAnsweringAtOnce(@TempDir Path folder) throws Exception {
        // The environment wins over the working directory's file, which wins over the packaged one
        Files.writeString(folder.resolve("application.properties"), "camel.management.port = " + FreePorts.next() + "\n");
        Instant started = Instant.now();
        try (BridgeProcess bridge = BridgeProcess.start(folder, Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:" + FreePorts.next()
                + "/bridge", "DB_PASSWORD", "never-logged-42", "SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET))) {
            HttpResponse<String> health = awaitHealthAnswer(bridge, "Connection");

            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("PostgreSQL not reached yet").contains("Connection");
            // Live once the context has started (the database answer may come first), and it stays live: a restart would not help
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> bridge.health("/observe/health/live").statusCode() == 200);
            assertThat(bridge.health("/observe/health").statusCode()).as("still not ready").isEqualTo(503);
            HttpResponse<String> webhook = new SignedWebhooks(bridge.url("/webhooks/spacebring")).send(BODY);
            assertThat(webhook.statusCode()).as("Svix delivers it again later").isEqualTo(503);
            assertThat(new ObjectMapper().readTree(webhook.body()).path("error").path("code").asText()).isEqualTo("database_unavailable");
            assertThat(bridge.log()).contains("Database not reachable").doesNotContain("never-logged-42")
                    .contains("Settings from " + folder.resolve("application.properties")).contains("MANAGEMENT_PORT");
        }
    }

    @Test
    void theSandboxSwitchPlaysTheDayAndStopsInSeconds(@TempDir Path folder) throws Exception {
        try (BridgeProcess sandbox = BridgeProcess.startWithArguments(folder, Map.of(), "--sandbox")) {
            Instant deadline = Instant.now().plusSeconds(150);
            while (!sandbox.log().contains("sandbox scenario:") && Instant.now().isBefore(deadline) && sandbox.isAlive()) {
                Thread.sleep(500);
            }
            assertThat(sandbox.log()).containsPattern("sandbox scenario: \\d+ checks passed").contains("bridge: grant")
                    .contains("Dave joins Acme");
            assertThat(folder.resolve("data/sandbox-postgres/PG_VERSION")).as("its own data folder").exists();

            assertThat(sandbox.terminate(Duration.ofSeconds(30))).isLessThan(Duration.ofSeconds(15));
            String stop = sandbox.log().substring(sandbox.log().lastIndexOf("Stopping: new webhooks"));
            assertThat(stop).doesNotContain("\tat ");
        }
    }

    @Test
    void theSandboxWatchPlaysTheDayAgainWhenARouteFileIsSaved(@TempDir Path folder) throws Exception {
        String printed = "java -jar target/spacebring-luckey-bridge.jar --sandbox --watch";
        assertThat(Files.readString(Path.of("docs/sandbox.md"))).contains("`" + printed + "`");
        String[] command = printed.split(" ");
        try (BridgeProcess sandbox = BridgeProcess.startWithArguments(folder, Map.of(), command[3], command[4])) {
            awaitInLog(sandbox, "sandbox scenario: ", 1);
            Files.createDirectories(folder.resolve("routes"));
            Files.writeString(folder.resolve("routes/hello.camel.yaml"), """
                    - route:
                        id: hello
                        from:
                          uri: timer:hello
                          parameters:
                            repeatCount: 1
                          steps:
                            - log:
                                message: Hello from a route saved a moment ago
                    """);

            awaitInLog(sandbox, "sandbox scenario: ", 2);
            assertThat(sandbox.log()).contains("Sandbox: [hello.camel.yaml] saved - ").contains("Hello from a route saved a moment ago");
            assertThat(sandbox.log().split("sandbox scenario: \\d+ checks passed", -1)).as("both days passed every check").hasSize(3);
        }
    }

    private static void awaitInLog(BridgeProcess process, String text, int times) throws Exception {
        Instant deadline = Instant.now().plusSeconds(150);
        while (process.log().split(java.util.regex.Pattern.quote(text), -1).length <= times && Instant.now().isBefore(deadline)
                && process.isAlive()) {
            Thread.sleep(500);
        }
        assertThat(process.log().split(java.util.regex.Pattern.quote(text), -1)).as("%s %d times", text, times).hasSizeGreaterThan(times);
    }

    /** The health answer once its database check says {@code reason}. */
    private static HttpResponse<String> awaitHealthAnswer(BridgeProcess bridge, String reason) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> health = bridge.health("/admin/health");
            if (health != null && health.body().contains(reason)) {
                return health;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no health answer:\n" + bridge.log());
    }

    private static String setting(int port, String password, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
             ResultSet rs = c.createStatement().executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String result(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("result").asText();
    }
}
