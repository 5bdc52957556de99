package com.coworking.bridge.operate;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.LogLines;
import com.coworking.bridge.support.SandboxWorld;

/** /observe/metrics on the management port, as Prometheus scrapes it. */
class MetricsTest {

    /** A sample line of the Prometheus text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? -?([0-9.eE+-]+|NaN|\\+Inf|-Inf)( [0-9]+)?");

    private SandboxWorld world;
    private static final String METER_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";
    private final LogLines log = LogLines.of(METER_REGISTRY);

    @AfterEach
    void stop() throws Exception {
        log.close();
        world.close();
    }

    @Test
    void theTextParsesAndHoldsTheBridgesFiguresPerLink() throws Exception {
        world = SandboxWorld.start(Map.of("camel.metrics.enabled", "true", "camel.management.metricsEnabled", "true"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minusSeconds(60), null));
        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains("ada@example.com"));
        world.settle();

        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(world.bridge().managementUrl("/observe/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        List<String> samples = metrics.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(samples).isNotEmpty().allSatisfy(line -> assertThat(line).matches(SAMPLE));
        assertThat(samples).contains(
                "bridge_actions_total{link=\"default\",outcome=\"done\",type=\"invite\"} 1.0",
                "bridge_actions_total{link=\"default\",outcome=\"done\",type=\"grant\"} 1.0",
                "bridge_actions_total{link=\"default\",outcome=\"failed\",type=\"grant\"} 0.0",
                "bridge_users_waiting{link=\"default\"} 0.0",
                "bridge_inbox_depth{link=\"default\"} 0.0",
                "bridge_paused{link=\"default\"} 0.0",
                "bridge_webhooks_failed{link=\"default\"} 0.0",
                "bridge_webhooks_waiting_for_retry{link=\"default\"} 0.0",
                "bridge_webhooks_refused_busy_total 0.0",
                "bridge_polls_failed_total{link=\"default\"} 0.0");
        assertThat(samples).anyMatch(line -> line.startsWith("bridge_webhooks_in_hand "))
                .anyMatch(line -> line.startsWith("bridge_luckey_requests_total{link=\"default\"} "))
                .anyMatch(line -> line.startsWith("bridge_spacebring_requests_total "))
                .anyMatch(line -> line.startsWith("camel_exchanges_total{") && line.contains("routeId=\"sync-user\""))
                .anyMatch(line -> line.startsWith("camel_exchange_event_notifier_seconds_count{") && line.contains("routeId=\"sync-user\""))
                .as("webhooks are measured by their route (the per-endpoint notifier leaves the HTTP routes out)")
                .anyMatch(line -> line.startsWith("camel_exchanges_total{") && line.contains("routeId=\"spacebring-webhook-intake\""));
        assertThat(log.warnings(METER_REGISTRY)).as("every meter registered (none with a tag set of its own)").isEmpty();
    }
}
