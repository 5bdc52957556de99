package com.coworking.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static com.coworking.bridge.support.ErrorResponses.assertError;

import com.coworking.bridge.support.IntakeTestBase;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;

/** The webhook endpoint over real HTTP, with signatures made by Svix's library and a real PostgreSQL behind it. */
class WebhookIntakeTest extends IntakeTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEMBERSHIP_INVITED = """
            {"type":"membership.invited","membership":{"id":"2205df47-9f84-452f-b2fd-f9cacf996364","userRef":"1ab98bf7-82c7-4558-98b2-66e80142d82e","locationRef":"a864d2ee-f62f-4d0f-8080-fd67b7e468df",
             "companyRef":"ef2b81b4-9fa5-47d2-913f-473a00bd8266","status":"approved","type":"member","user":{"id":"1ab98bf7-82c7-4558-98b2-66e80142d82e","email":"ada@example.com"}}}""";

    @Test
    void storesAValidWebhookVerbatimWithItsTypeAndReferences() throws Exception {
        String id = SignedWebhooks.newMessageId();
        HttpResponse<String> response = webhooks.send(id, MEMBERSHIP_INVITED);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("result").asText()).isEqualTo("stored");
        List<Map<String, Object>> rows = db.query("select * from inbox");
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("svix_id", id)
                .containsEntry("event_type", "membership.invited")
                .containsEntry("status", "pending")
                .containsEntry("user_ref", "1ab98bf7-82c7-4558-98b2-66e80142d82e")
                .containsEntry("membership_ref", "2205df47-9f84-452f-b2fd-f9cacf996364")
                .containsEntry("company_ref", "ef2b81b4-9fa5-47d2-913f-473a00bd8266")
                .containsEntry("location_ref", "a864d2ee-f62f-4d0f-8080-fd67b7e468df")
                .containsEntry("payload", MEMBERSHIP_INVITED);
        assertThat(row.get("received_at")).isNotNull();
    }

    @Test
    void echoesNoRequestHeaderBackInItsAnswers() throws Exception {
        HttpResponse<String> stored = webhooks.send(MEMBERSHIP_INVITED);
        HttpResponse<String> refused = webhooks.post(SignedWebhooks.newMessageId(), "1", "v1,bm9wZQ==", MEMBERSHIP_INVITED);

        for (HttpResponse<String> response : List.of(stored, refused)) {
            assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("svix-"));
        }
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAFormEncodedBodyWithoutEchoingIt() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(bridge.url("/webhooks/spacebring")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(response, 401, "missing_signature");
        assertInboxEmpty();
    }

    @Test
    void refusesATamperedBody() throws Exception {
        String id = SignedWebhooks.newMessageId();
        Instant now = Instant.now();
        String signature = new com.svix.Webhook(RunningBridge.SECRET).sign(id, now.getEpochSecond(), MEMBERSHIP_INVITED);

        HttpResponse<String> response = webhooks.post(id, String.valueOf(now.getEpochSecond()), signature,
                MEMBERSHIP_INVITED.replace("1ab98bf7-82c7-4558-98b2-66e80142d82e", "1ab98bf7-82c7-4558-98b2-66e80142d82f"));

        assertError(response, 401, "invalid_signature");
        assertInboxEmpty();
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() throws Exception {
        HttpResponse<String> response = webhooks.send(SignedWebhooks.newMessageId(), Instant.now(), MEMBERSHIP_INVITED,
                "whsec_" + java.util.Base64.getEncoder().encodeToString("a secret nobody configured".getBytes()));

        assertError(response, 401, "invalid_signature");
        assertInboxEmpty();
    }

    @Test
    void acceptsTheSecondSecretDuringARotation() throws Exception {
        HttpResponse<String> response = webhooks.send(SignedWebhooks.newMessageId(), Instant.now(), MEMBERSHIP_INVITED,
                RunningBridge.ROTATED_SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(db.query("select * from inbox")).hasSize(1);
    }

    @Test
    void refusesStaleAndFutureTimestamps() throws Exception {
        HttpResponse<String> stale = webhooks.send(SignedWebhooks.newMessageId(), Instant.now().minusSeconds(6 * 60),
                MEMBERSHIP_INVITED, RunningBridge.SECRET);
        HttpResponse<String> future = webhooks.send(SignedWebhooks.newMessageId(), Instant.now().plusSeconds(6 * 60),
                MEMBERSHIP_INVITED, RunningBridge.SECRET);

        assertError(stale, 401, "timestamp_out_of_tolerance");
        assertError(future, 401, "timestamp_out_of_tolerance");
        assertInboxEmpty();
    }

    @Test
    void acceptsATimestampWithinTheTolerance() throws Exception {
        HttpResponse<String> response = webhooks.send(SignedWebhooks.newMessageId(), Instant.now().minusSeconds(4 * 60),
                MEMBERSHIP_INVITED, RunningBridge.SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAWebhookWithoutSignatureHeaders() throws Exception {
        HttpResponse<String> response = webhooks.post(null, null, null, MEMBERSHIP_INVITED);

        assertError(response, 401, "missing_signature");
        assertInboxEmpty();
    }

    @Test
    void storesOneRowWhenTheSameMessageArrivesConcurrently() throws Exception {
        String id = SignedWebhooks.newMessageId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> deliveries = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                deliveries.add(() -> webhooks.send(id, MEMBERSHIP_INVITED));
            }
            List<String> results = new ArrayList<>();
            for (Future<HttpResponse<String>> delivery : pool.invokeAll(deliveries)) {
                assertThat(delivery.get().statusCode()).isEqualTo(200);
                results.add(JSON.readTree(delivery.get().body()).path("result").asText());
            }
            assertThat(results).containsOnlyOnce("stored").contains("duplicate");
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.query("select count(*) as n from inbox where svix_id = '" + id + "'").get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void refusesABodyOverOneMebibyte() throws Exception {
        String padding = "x".repeat(1024 * 1024);
        HttpResponse<String> response = webhooks.send("{\"type\":\"membership.invited\",\"padding\":\"" + padding + "\"}");

        assertError(response, 413, "payload_too_large");
        assertInboxEmpty();
    }

    @Test
    void acceptsABodyJustUnderTheLimit() throws Exception {
        String envelope = "{\"type\":\"event.created\",\"padding\":\"\"}";
        String body = envelope.replace("\"\"}", "\"" + "x".repeat(1024 * 1024 - envelope.length()) + "\"}");

        assertThat(body).hasSize(1024 * 1024);
        assertThat(webhooks.send(body).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesABodyThatIsNotJson() throws Exception {
        HttpResponse<String> response = webhooks.send("type=membership.invited");

        assertError(response, 400, "invalid_json");
        assertInboxEmpty();
    }

    @Test
    void storesAnUnusedTypeAsIgnoredAndAcknowledgesIt() throws Exception {
        HttpResponse<String> response = webhooks.send("{\"type\":\"event.created\",\"event\":{\"id\":\"e-1\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(db.query("select event_type, status from inbox"))
                .containsExactly(Map.of("event_type", "event.created", "status", "ignored"));
    }

    @Test
    void answersOtherMethodsWith405() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(bridge.url("/webhooks/spacebring")))
                    .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(response, 405, "method_not_allowed");
        }
        assertInboxEmpty();
    }

    private void assertInboxEmpty() {
        assertThat(db.query("select * from inbox")).isEmpty();
    }

    @Test
    void theDocumentedSignedTestWebhookIsStoredAsPrinted() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs/webhooks.md"));
        String block = page.substring(page.indexOf("id=msg_test_"));
        block = block.substring(0, block.indexOf("```"));
        // The one change: this test's port instead of the default 8080
        String script = block.replace("http://127.0.0.1:8080", bridge.url("").replaceAll("/$", ""));
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().put("SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET + "," + RunningBridge.ROTATED_SECRET);
        Process run = bash.start();
        String answer = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as(answer).isZero();

        assertThat(JSON.readTree(answer).path("result").asText()).as(answer).isEqualTo("stored");
        assertThat(JSON.readTree(answer).path("svixId").asText()).startsWith("msg_test_");
        assertThat(db.query("select event_type from inbox")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("event_type", "membership.invited"));
    }
}
