package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.BridgeProcess;
import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.RunningBridge;

/**
 * The packaged jar with a set-up that cannot work: it ends within seconds, with exit status 1 and one line that names
 * the setting (or route) and the fix - one JSON object under LOG_FORMAT=json - and leaves nothing running.
 */
class StartFaultsIT {

    private static final String PREFIX = "The bridge did not start: ";

    @TempDir
    Path folder;

    /** Settings that start on any machine: a database that is not there (it is never reached before the fault). */
    private static Map<String, String> workable() {
        return new HashMap<>(Map.of("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET, "DB_URL", "jdbc:postgresql://127.0.0.1:"
                + FreePorts.next() + "/bridge"));
    }

    @Test
    void aPlaceholderSecretNamesTheSettingNotSvixsInsides() throws Exception {
        Map<String, String> environment = workable();
        environment.put("SPACEBRING_WEBHOOK_SECRET", "whsec_replace-me");
        assertStopsWith(environment, "SPACEBRING_WEBHOOK_SECRET is not a Svix signing secret");
    }

    @Test
    void aUrlThatIsNotJdbcIsRefusedInsteadOfRetriedForEver() throws Exception {
        Map<String, String> environment = workable();
        environment.put("DB_URL", "postgres://bridge:secret-42@db:5432/bridge");
        String line = assertStopsWith(environment, "DB_URL postgres://****@db:5432/bridge is not a PostgreSQL JDBC URL");
        assertThat(line).contains("jdbc:postgresql://host:5432/database").doesNotContain("secret-42");
    }

    @Test
    void aTakenPortOfEitherServerStopsTheStartAlsoInJsonLogs() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = workable();
            environment.put("HTTP_PORT", String.valueOf(taken.getLocalPort()));
            assertStopsWith(environment, "HTTP_PORT " + taken.getLocalPort() + " on 127.0.0.1 cannot be used");

            environment = workable();
            environment.put("MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            environment.put("LOG_FORMAT", "json");
            try (BridgeProcess bridge = BridgeProcess.start(Files.createDirectories(folder.resolve("json")), environment)) {
                assertThat(bridge.exitCode(Duration.ofSeconds(30))).isEqualTo(1);
                List<JsonNode> errors = new java.util.ArrayList<>();
                for (String line : bridge.log().lines().filter(l -> !l.isBlank()).toList()) {
                    JsonNode json = new ObjectMapper().readTree(line);
                    if (json.path("level").asText().equals("ERROR")) {
                        errors.add(json);
                    }
                }
                assertThat(errors).singleElement().satisfies(error -> assertThat(error.path("message").asText())
                        .startsWith(PREFIX + "MANAGEMENT_PORT " + taken.getLocalPort()));
            }
        }
    }

    @Test
    void aKeyTheBridgeDoesNotReadInTheWorkingDirectorysFileStopsTheStart() throws Exception {
        Files.writeString(folder.resolve("application.properties"), "HTTP_PORT = 8383\n");
        assertStopsWith(workable(), folder.resolve("application.properties") + ": unknown key 'HTTP_PORT' (line 1) - that is an "
                + "environment variable; in this file the key is camel.server.port");
    }

    @Test
    void aRouteNamingAMisspelledBeanStopsTheStartAndTheEmbeddedDatabaseWithIt() throws Exception {
        Path routes = Files.createDirectories(folder.resolve("routes"));
        Files.writeString(routes.resolve("instance.camel.yaml"), Files.readString(Path.of("routes/instance.camel.yaml"))
                .replace("ref: bridgeInstance", "ref: bridgeInstanse"));
        Map<String, String> environment = new HashMap<>(Map.of("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET,
                "DB_EMBEDDED_PORT", String.valueOf(FreePorts.next())));

        String line = assertStopsWith(environment, "route bridge-heartbeat: NoSuchBeanException");
        assertThat(line).contains("bridgeInstanse");
        Path pid = folder.resolve("data/postgres/postmaster.pid");
        if (Files.exists(pid)) {
            long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("no PostgreSQL left running").isNotEqualTo(
                    java.util.Optional.of(true));
        }
    }

    @Test
    void checkReadsSettingsAndRoutesWithoutBindingAPortOrStartingTheDatabase() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = new HashMap<>(Map.of("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET,
                    "HTTP_PORT", String.valueOf(taken.getLocalPort())));
            try (BridgeProcess check = BridgeProcess.startWithArguments(folder, environment, "--check")) {
                assertThat(check.exitCode(Duration.ofSeconds(60))).as(check.log()).isZero();
                assertThat(check.log()).containsPattern("Check passed: settings, LINKS_FILE and \\d+ routes read");
                assertThat(folder.resolve("data")).as("no database started").doesNotExist();
            }
        }

        Path routes = Files.createDirectories(folder.resolve("routes"));
        Files.writeString(routes.resolve("instance.camel.yaml"), Files.readString(Path.of("routes/instance.camel.yaml"))
                .replace("ref: bridgeInstance", "ref: bridgeInstanse"));
        try (BridgeProcess check = BridgeProcess.startWithArguments(folder, Map.of(), "--check")) {
            assertThat(check.exitCode(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(check.log().lines().filter(line -> line.contains(" ERROR ")).toList()).singleElement()
                    .satisfies(line -> assertThat(line).contains("Check failed: route bridge-heartbeat: NoSuchBeanException")
                            .contains("bridgeInstanse"));
        }
    }

    @Test
    void aRouteFileErrorIsOneLineWithTheFileAndTheRightLine() throws Exception {
        Path routes = Files.createDirectories(folder.resolve("routes"));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("routes/instance.camel.yaml")));
        int last = lines.size();
        lines.addAll(List.of("        - setBody:", "            expression:", "              simpel:", "                expression: x"));
        // The heartbeat's steps end the file: the lines added are one more step of it
        String route = String.join("\n", lines);
        Files.writeString(routes.resolve("instance.camel.yaml"), route + "\n");
        int wrong = List.of(route.split("\n")).indexOf("              simpel:") + 1;
        assertThat(wrong).isGreaterThan(last);

        try (BridgeProcess check = BridgeProcess.startWithArguments(folder, Map.of(), "--check")) {
            assertThat(check.exitCode(Duration.ofSeconds(60))).isEqualTo(1);
            List<String> errors = check.log().lines().filter(line -> line.contains(" ERROR ")).toList();
            assertThat(errors).singleElement().satisfies(line -> assertThat(line).contains("Unknown expression with id: simpel")
                    .contains(routes.resolve("instance.camel.yaml") + ", line " + wrong + ","));
            assertThat(check.log()).as("the error, and nothing after it on lines of its own")
                    .doesNotContainPattern("(?m)^\\s+\\^\\s*$");
        }
    }

    @Test
    void theReadmesCheckCommandRunsAsPrinted() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String command = "java -jar target/spacebring-luckey-bridge.jar --check";
        assertThat(readme).contains("`" + command + "`");
        Process check = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String log = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(log).isZero();
        assertThat(log).contains("Check passed");
    }

    /** Starts the jar, expects exit status 1 within seconds and one ERROR line, which it returns. */
    private String assertStopsWith(Map<String, String> environment, String expected) throws Exception {
        Instant started = Instant.now();
        try (BridgeProcess bridge = BridgeProcess.start(folder, environment)) {
            assertThat(bridge.exitCode(Duration.ofSeconds(60))).as(bridge.log()).isEqualTo(1);
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
            String log = bridge.log();
            List<String> errors = log.lines().filter(line -> line.contains(" ERROR ")).toList();
            assertThat(errors).as(log).singleElement().satisfies(line -> assertThat(line).contains(PREFIX + expected));
            assertThat(log).as("no stack trace at INFO").doesNotContain("\tat ").doesNotContain("Exception in thread");
            return errors.get(0);
        }
    }
}
