package com.coworking.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.IntakeTestBase;
import com.coworking.bridge.support.RawHttp;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;

/**
 * Requests that can never succeed get a 4xx with a clear code, so Svix does not retry them for days; only a
 * database that cannot be reached gets a 503 (DatabaseOutageTest). Sent over a raw socket, since a well-behaved
 * client refuses to send most of them.
 */
class IntakeBadInputTest extends IntakeTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEMBERSHIP = "{\"type\":\"membership.invited\",\"membership\":{\"id\":\"2205df47-9f84-452f-b2fd-f9cacf996364\"}}";

    private static int port() {
        return Integer.parseInt(bridge.url("").replaceAll(".*:(\\d+)$", "$1"));
    }

    /** Svix's signature, computed here over raw bytes: the test needs bytes no String can stand for. */
    private static String sign(String id, long timestamp, byte[] body) throws Exception {
        byte[] key = Base64.getDecoder().decode(RunningBridge.SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static RawHttp.Answer send(String id, byte[] body, Map<String, String> more) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("svix-id", id);
        headers.put("svix-timestamp", String.valueOf(now));
        headers.put("svix-signature", sign(id, now, body));
        headers.putAll(more);
        return RawHttp.post(port(), "/webhooks/spacebring", headers, body);
    }

    private static void assertError(RawHttp.Answer answer, int status, String code) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo(code);
    }

    @Test
    void anOversizedSvixIdIs400() throws Exception {
        assertError(send("msg_" + "x".repeat(3000), MEMBERSHIP.getBytes(StandardCharsets.UTF_8), Map.of()), 400, "invalid_svix_id");
        assertThat(db.query("select 1 from inbox")).isEmpty();
    }

    @Test
    void aSvixIdWithANulByteIs400() throws Exception {
        // HTTP forbids NUL in a header: the server refuses it (400) before any route, as it does oversized headers (431)
        RawHttp.Answer answer = send("msg_a\u0000b", MEMBERSHIP.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(db.query("select 1 from inbox")).isEmpty();
    }

    @Test
    void aNulInTheEventTypeIs400() throws Exception {
        String body = "{\"type\":\"membership.\\u0000invited\",\"membership\":{}}";
        assertError(send(SignedWebhooks.newMessageId(), body.getBytes(StandardCharsets.UTF_8), Map.of()), 400, "invalid_event_type");
        assertThat(db.query("select 1 from inbox")).isEmpty();
    }

    @Test
    void aNulInAnIdIsStoredAsRejectedNeverAsAReference() throws Exception {
        String body = "{\"type\":\"membership.invited\",\"membership\":{\"id\":\"m\\u0000-1\"}}";
        RawHttp.Answer answer = send(SignedWebhooks.newMessageId(), body.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(db.query("select status, membership_ref from inbox")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("status", "rejected").containsEntry("membership_ref", null));
    }

    @Test
    void aSignedBodyThatIsNotUtf8Is400AndTheSignatureIsCheckedOverTheRawBytes() throws Exception {
        byte[] body = "{\"type\":\"membership.invited\",\"x\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertError(send(SignedWebhooks.newMessageId(), body, Map.of()), 400, "invalid_utf8");
    }

    @Test
    void aSignedUtf8BodyWithAccentsIsStoredVerbatim() throws Exception {
        String text = "{\"type\":\"membership.invited\",\"membership\":{\"user\":{\"name\":\"Zoë Ångström 山田\"}}}";
        RawHttp.Answer answer = send(SignedWebhooks.newMessageId(), text.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(db.query("select payload from inbox")).singleElement().satisfies(row -> assertThat(row).containsEntry("payload", text));
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        RawHttp.Answer answer = send(SignedWebhooks.newMessageId(), MEMBERSHIP.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Padding", "p".repeat(200 * 1024)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(431);
        assertThat(db.query("select 1 from inbox")).isEmpty();
    }
}
