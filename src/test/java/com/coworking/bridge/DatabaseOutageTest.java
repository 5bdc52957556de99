package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.coworking.bridge.support.ErrorResponses.assertError;

import com.coworking.bridge.inbox.Inbox;
import com.coworking.bridge.support.LogLines;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;
import com.coworking.bridge.support.TestDatabase;

/** While PostgreSQL is down the bridge says so (503, health DOWN) and accepts the retry once it is back. */
class DatabaseOutageTest {

    private static final String BODY = "{\"type\":\"membership.created\",\"membership\":{\"id\":\"m-7\",\"userRef\":\"u-7\",\"locationRef\":\"loc-1\"}}";

    private final TestDatabase db = TestDatabase.shared();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RunningBridge bridge;

    @BeforeEach
    void start() throws Exception {
        bridge = RunningBridge.start(Map.of("camel.metrics.enabled", "true", "camel.management.metricsEnabled", "true"));
        db.truncateAll();
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndStoresTheRetryAfterwards() throws Exception {
        SignedWebhooks webhooks = new SignedWebhooks(bridge.url("/webhooks/spacebring"));
        String id = SignedWebhooks.newMessageId();
        Awaitility.await("ready after start").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(health("/observe/health/ready").statusCode()).isEqualTo(200));
        assertThat(health("/observe/metrics").statusCode()).as("scraped once while the database is there").isEqualTo(200);

        db.stop();
        try {
            long started = System.nanoTime();
            HttpResponse<String> refused = webhooks.send(id, BODY);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertError(refused, 503, "database_unavailable");
            assertThat(took).as("answered well inside Svix's 15 s").isLessThan(Duration.ofSeconds(10));
            // Known to be away: every answer comes at once, from what the bridge last knew
            for (int i = 0; i < 5; i++) {
                for (String path : List.of("webhook", "/observe/health/ready", "/observe/metrics", "/admin/health")) {
                    long asked = System.nanoTime();
                    int status = path.equals("webhook") ? webhooks.send(BODY).statusCode() : health(path).statusCode();
                    assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("%s answered %d", path, status).isLessThan(Duration.ofSeconds(1));
                }
            }
            assertThat(health("/observe/metrics").body()).as("the last values, not NaN").containsPattern("bridge_inbox_depth\\{link=\"default\",?\\} 0\\.0");
            HttpResponse<String> ready = health("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(ready.body()).path("status").asText()).isEqualTo("DOWN");
            assertThat(new ObjectMapper().readTree(health("/admin/health").body()).path("checks")).as("the detail, on loopback")
                    .anySatisfy(check -> assertThat(check.path("name").asText() + " " + check.path("status").asText()).isEqualTo("database DOWN"));
            assertThat(health("/observe/health/live").statusCode()).as("restarting the bridge would not help").isEqualTo(200);
        } finally {
            db.start();
        }

        // The probe finds it back within a second or two
        Awaitility.await("accepted again").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(webhooks.send(id, BODY).statusCode()).isEqualTo(200));
        assertThat(db.query("select svix_id from inbox")).hasSize(1);
        Awaitility.await("ready again").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(health("/observe/health").statusCode()).isEqualTo(200));
    }

    @Test
    void aConnectionCutUnderTheBridgeCostsNoWebhookA503() throws Exception {
        SignedWebhooks webhooks = new SignedWebhooks(bridge.url("/webhooks/spacebring"));
        Awaitility.await("ready after start").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(health("/observe/health/ready").statusCode()).isEqualTo(200));
        for (int i = 0; i < 5; i++) {
            assertThat(webhooks.send(SignedWebhooks.newMessageId(), BODY).statusCode()).isEqualTo(200);
        }

        List<Integer> statuses = new ArrayList<>();
        try (LogLines log = LogLines.of(Inbox.class.getName())) {
            // Within half a second of their last use the pool hands connections out unchecked: the next webhook gets a dead one
            db.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
            for (int i = 0; i < 10; i++) {
                statuses.add(webhooks.send(SignedWebhooks.newMessageId(), BODY).statusCode());
            }
            assertThat(log.warnings(Inbox.class.getName())).anyMatch(line -> line.contains("trying once more on a fresh one"));
        }

        assertThat(statuses).as("a failed insert is tried once more on a fresh connection").containsOnly(200);
        assertThat(db.query("select svix_id from inbox")).hasSize(15);
    }

    private HttpResponse<String> health(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
