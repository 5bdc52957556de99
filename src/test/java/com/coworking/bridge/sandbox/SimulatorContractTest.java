package com.coworking.bridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;

/** The simulators keep the contracts the bridge relies on (shared/contracts), checked over HTTP. */
class SimulatorContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void spacebringPagesWithACursorAndChecksAuthLimitsAndFilters() throws Exception {
        try (SpacebringSimulator spacebring = SpacebringSimulator.start(0, "id", "secret", null, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")) {
            spacebring.setRateLimit(0);
            String location = spacebring.createLocation("Berlin", "Europe/Berlin");
            for (int i = 0; i < 7; i++) {
                spacebring.inviteMember(location, "m" + i + "@example.com", "M", String.valueOf(i));
            }
            String auth = basic("id", "secret");
            String base = spacebring.baseUrl() + "/community/memberships/v1";

            assertThat(get(base + "?locationRef=" + location, null).statusCode()).isEqualTo(401);
            assertThat(get(base + "?locationRef=" + location, basic("id", "wrong")).statusCode()).isEqualTo(401);
            assertThat(get(base, auth).statusCode()).as("locationRef is required").isEqualTo(400);
            assertThat(get(base + "?locationRef=" + location + "&limit=101", auth).statusCode()).isEqualTo(400);

            List<String> emails = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                JsonNode page = JSON.readTree(get(base + "?locationRef=" + location + "&limit=3"
                        + (token == null ? "" : "&nextPageToken=" + token), auth).body());
                page.path("memberships").forEach(m -> emails.add(m.path("user").path("email").asText()));
                token = page.hasNonNull("nextPageToken") ? page.path("nextPageToken").asText() : null;
                pages++;
            } while (token != null);
            assertThat(pages).isEqualTo(3);
            assertThat(emails).hasSize(7).doesNotHaveDuplicates();

            String firstToken = JSON.readTree(get(base + "?locationRef=" + location + "&limit=3", auth).body()).path("nextPageToken").asText();
            assertThat(get(base + "?locationRef=" + location + "&limit=3&types=member&nextPageToken=" + firstToken, auth).statusCode())
                    .as("a page token belongs to its filters").isEqualTo(400);
        }
    }

    @Test
    void spacebringListsOnlyLiveSubscriptionStatusesUnlessAsked() throws Exception {
        try (SpacebringSimulator spacebring = SpacebringSimulator.start(0, "id", "secret", null, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")) {
            String location = spacebring.createLocation("Berlin", "Europe/Berlin");
            String plan = spacebring.createPlan(location, "Desk");
            String member = spacebring.inviteMember(location, "a@example.com", "A", "B");
            String active = spacebring.createSubscription(NewSubscription.forMember(location, member, plan, Instant.now(), null));
            String canceled = spacebring.createSubscription(NewSubscription.forMember(location, member, plan, Instant.now(), null));
            spacebring.cancelSubscription(canceled, Instant.now());
            String auth = basic("id", "secret");

            JsonNode byDefault = JSON.readTree(get(spacebring.baseUrl() + "/subscriptions/v1?locationRef=" + location, auth).body());
            JsonNode all = JSON.readTree(get(spacebring.baseUrl() + "/subscriptions/v1?locationRef=" + location
                    + "&status=active,scheduled,incomplete,incompleteExpired,canceled", auth).body());
            JsonNode one = JSON.readTree(get(spacebring.baseUrl() + "/subscriptions/v1/" + canceled, auth).body());

            assertThat(byDefault.path("subscriptions")).extracting(s -> s.path("id").asText()).containsExactly(active);
            assertThat(all.path("subscriptions")).hasSize(2);
            assertThat(one.path("subscription").path("status").asText()).isEqualTo("canceled");
            assertThat(one.path("subscription").path("items").get(0).path("planRef").asText()).isEqualTo(plan);
            assertThat(get(spacebring.baseUrl() + "/subscriptions/v1/nope", auth).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void spacebringAnswers429AboveItsRate() throws Exception {
        try (SpacebringSimulator spacebring = SpacebringSimulator.start(0, "id", "secret", null, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")) {
            spacebring.setRateLimit(3);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(get(spacebring.baseUrl() + "/locations/v1", basic("id", "secret")).statusCode());
            }
            assertThat(statuses).contains(429).startsWith(200, 200, 200);
        }
    }

    @Test
    void luckeyNeedsATokenAndAnswersAsItsProfileSays() throws Exception {
        try (LuckeySimulator luckey = LuckeySimulator.start(0, "client", "secret")) {
            assertThat(get(luckey.baseUrl() + "/users", null).statusCode()).isEqualTo(401);
            HttpResponse<String> tokenAnswer = http.send(HttpRequest.newBuilder(URI.create(luckey.baseUrl() + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=client&client_secret=secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String bearer = "Bearer " + JSON.readTree(tokenAnswer.body()).path("access_token").asText();
            String userId = luckey.createUserByHand("a@example.com", "A", "B");
            String tagId = luckey.createTagByHand("Door");

            HttpResponse<String> duplicate = send("POST", luckey.baseUrl() + "/users", bearer, "{\"email\":\"A@example.com\",\"name\":\"A\",\"surname\":\"B\"}");
            assertThat(duplicate.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(duplicate.body()).path("error").path("details").path("userId").asText()).isEqualTo(userId);

            HttpResponse<String> notMember = send("DELETE", luckey.baseUrl() + "/tags/" + tagId + "/users/" + userId, bearer, null);
            assertThat(notMember.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(notMember.body()).path("error").path("code").asText()).isEqualTo("not_member");
            assertThat(send("PUT", luckey.baseUrl() + "/tags/" + tagId + "/users/" + userId, bearer, null).statusCode()).isEqualTo(204);
            assertThat(send("PUT", luckey.baseUrl() + "/tags/" + tagId + "/users/" + userId, bearer, null).statusCode()).isEqualTo(204);
            assertThat(luckey.membershipChanges("a@example.com", "Door")).as("PUT is idempotent").isEqualTo(1);

            luckey.rateLimitNext(1, 7);
            HttpResponse<String> limited = send("GET", luckey.baseUrl() + "/tags", bearer, null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");

            luckey.freeze();
            assertThat(send("PUT", luckey.baseUrl() + "/tags/" + tagId + "/users/" + userId, bearer, null).statusCode()).isEqualTo(423);
            assertThat(send("GET", luckey.baseUrl() + "/tags", bearer, null).statusCode()).as("reads still work").isEqualTo(200);
        }
    }

    private HttpResponse<String> send(String method, String url, String bearer, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
