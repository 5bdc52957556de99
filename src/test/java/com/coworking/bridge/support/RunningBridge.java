package com.coworking.bridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import com.coworking.bridge.BridgeApplication;
import com.coworking.bridge.db.Database;
import com.coworking.bridge.instance.BridgeInstance;

/** The bridge started in this JVM exactly as the jar starts it, on free loopback ports and the test database. */
public final class RunningBridge implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String ROTATED_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private final Main main;
    private final int httpPort;
    private final int managementPort;

    private RunningBridge(Path workingDirectory, Map<String, String> settings, java.time.Clock clock) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("camel.server.host", "127.0.0.1");
        all.put("camel.server.port", String.valueOf(FreePorts.next()));
        all.put("camel.management.host", "127.0.0.1");
        all.put("camel.management.port", String.valueOf(FreePorts.next()));
        all.put("bridge.db.url", TestDatabase.shared().jdbcUrl());
        all.put("bridge.webhook.secret", SECRET + "," + ROTATED_SECRET);
        // Metrics cost 1 to 2 s per start and most tests start a bridge; the tests of metrics turn them on
        all.put("camel.metrics.enabled", "false");
        all.put("camel.management.metricsEnabled", "false");
        all.putAll(settings);
        httpPort = Integer.parseInt(all.get("camel.server.port"));
        managementPort = Integer.parseInt(all.get("camel.management.port"));
        main = BridgeApplication.newMain(workingDirectory, all, clock);
        main.start();
        // The database comes up in the background; tests start once it is migrated and this bridge has beaten.
        org.awaitility.Awaitility.await("database ready").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> camel().getRegistry().lookupByNameAndType("database", Database.class).isReady()
                        && camel().getRegistry().lookupByNameAndType("bridgeInstance", BridgeInstance.class).holdsItsClaims());
    }

    public static RunningBridge start() throws Exception {
        return start(Map.of());
    }

    public static RunningBridge start(Map<String, String> settings) throws Exception {
        return start(settings, java.time.Clock.systemUTC());
    }

    public static RunningBridge start(Map<String, String> settings, java.time.Clock clock) throws Exception {
        return new RunningBridge(Path.of("").toAbsolutePath(), settings, clock);
    }

    public static RunningBridge startIn(Path workingDirectory, Map<String, String> settings) throws Exception {
        return new RunningBridge(workingDirectory, settings, java.time.Clock.systemUTC());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** A GET on the management port (health, metrics, the admin API from loopback). */
    public HttpResponse<String> managementGet(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
