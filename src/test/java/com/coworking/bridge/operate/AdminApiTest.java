package com.coworking.bridge.operate;

import static com.coworking.bridge.support.SandboxWorld.COMPANY_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SandboxWorld;

/** The admin API on the management port, over HTTP as an operator's script calls it, against the simulators. */
class AdminApiTest {

    private static final String TOKEN = "0f3c2a9e8b7d6c5f4e3d2c1b0a998877";
    private static final String ADA = "ada@example.com";
    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxWorld world;
    private String plan;
    private String adasSubscription;

    /** Ada, subscribed to "Hot desk", in the tag; the admin API on with {@link #TOKEN}. */
    private void adaWithAHotDesk() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.admin.token", TOKEN));
        plan = world.spacebring.createPlan(world.location, "Hot desk");
        adasSubscription = subscribe(world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace"));
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        world.settle();
    }

    @AfterEach
    void stop() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    private String subscribe(String membership) {
        return world.spacebring.createSubscription(NewSubscription.forMember(world.location, membership, plan,
                Instant.now().minusSeconds(60), null));
    }

    @Test
    void aMissingOrWrongTokenIsRefusedAndTheTokenIsNeverEchoed() throws Exception {
        adaWithAHotDesk();

        HttpResponse<String> none = send("GET", "/admin/status", null, null);
        assertError(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertError(send("GET", "/admin/status", "Bearer wrong-" + TOKEN, null), 401, "unauthorized");
        assertError(send("GET", "/admin/status", "Basic " + TOKEN, null), 401, "unauthorized");
        assertError(send("POST", "/admin/pause", null, "{\"reason\": \"no token\"}"), 401, "unauthorized");
        assertThat(world.db.query("select 1 from link_control where paused")).as("a refused request changes nothing").isEmpty();

        HttpResponse<String> allowed = send("GET", "/admin/status", "Bearer " + TOKEN, null);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(allowed.body()).doesNotContain(TOKEN);
    }

    @Test
    void withoutAdminTokenTheApiIsOffAndSaysHowToTurnItOn() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("bridge.link.location-ref", "loc-1"))) {
            HttpResponse<String> off = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl("/admin/status")))
                    .header("Authorization", "Bearer anything").build(), HttpResponse.BodyHandlers.ofString());

            assertError(off, 404, "admin_api_off");
            assertThat(off.body()).contains("set ADMIN_TOKEN");
        }
    }

    @Test
    void healthShowsUpOrDownToAnyoneAndTheDetailOnLoopbackOrWithTheToken() throws Exception {
        adaWithAHotDesk();

        JsonNode brief = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(world.bridge().managementUrl("/observe/health")))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(brief.path("status").asText()).isEqualTo("UP");
        assertThat(brief.has("checks")).as("no routes, hosts or errors for anyone who reaches the port").isFalse();
        for (String query : List.of("?exposureLevel=full", "?EXPOSURELEVEL=full&x=1", "/ready?exposureLevel=full")) {
            HttpResponse<String> asked = http.send(HttpRequest.newBuilder(URI.create(world.bridge().managementUrl("/observe/health" + query)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).as(query).isEqualTo(200);
            assertThat(JSON.readTree(asked.body()).has("checks")).as("the detail is /admin/health's alone, whatever %s asks", query).isFalse();
        }

        HttpResponse<String> detail = send("GET", "/admin/health", null, null);
        assertThat(detail.statusCode()).as("this test calls from loopback").isEqualTo(200);
        JsonNode checks = JSON.readTree(detail.body()).path("checks");
        assertThat(checks.findValuesAsText("name")).contains("links", "database");
        assertThat(detail.body()).contains("\"link.default\":\"active\"");
    }

    @Test
    void statusShowsTheFiguresOfTheLinksMBean() throws Exception {
        adaWithAHotDesk();

        JsonNode status = ok(send("GET", "/admin/status", "Bearer " + TOKEN, null)).path("links").path("default");

        assertThat(status.path("locationRef").asText()).isEqualTo(world.location);
        assertThat(status.path("grantsDone").asLong()).isEqualTo(1);
        assertThat(status.path("invitesDone").asLong()).isEqualTo(1);
        assertThat(status.path("usersWaiting").asLong()).isZero();
        assertThat(status.path("paused").asBoolean()).isFalse();
        assertThat(status.path("luckeyFrozenSince").asText()).isEqualTo("no");
        assertError(send("GET", "/admin/status?link=roma", "Bearer " + TOKEN, null), 404, "unknown_link");
    }

    @Test
    void explainsAPlanTagACompanyTagAndNoTag() throws Exception {
        adaWithAHotDesk();
        String acme = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.inviteMemberOfCompany(world.location, acme, "bob@example.com", "Bob", "Babbage");
        world.spacebring.createSubscription(NewSubscription.forCompany(world.location, acme, plan, Instant.now().minusSeconds(60), null));
        world.spacebring.inviteMember(world.location, "frank@example.com", "Frank", "Nosub");
        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").contains("bob@example.com")
                && world.luckey.user("frank@example.com").isPresent());
        world.settle();

        JsonNode ada = ok(send("GET", "/admin/users/" + ADA.toUpperCase() + "/explain", "Bearer " + TOKEN, null));
        assertThat(ada.path("email").asText()).isEqualTo(ADA);
        assertThat(ada.path("desiredTags")).singleElement().satisfies(tag -> {
            assertThat(tag.path("name").asText()).isEqualTo(HOT_DESK);
            assertThat(tag.path("key").asText()).isEqualTo("plan:" + plan);
            assertThat(tag.path("why").asText()).contains("subscription " + adasSubscription).contains("in force from");
        });
        assertThat(ada.path("luckeyTags").toString()).contains(HOT_DESK);
        assertThat(ada.path("syncNow")).isEmpty();
        assertThat(ada.path("lastAudit").findValuesAsText("action")).contains("invite", "grant");

        JsonNode bob = ok(send("GET", "/admin/users/bob@example.com/explain", "Bearer " + TOKEN, null));
        assertThat(bob.path("desiredTags")).singleElement().satisfies(tag -> {
            assertThat(tag.path("name").asText()).isEqualTo(COMPANY_TAG_PREFIX + "Acme");
            assertThat(tag.path("why").asText()).contains("member of company " + acme);
        });

        JsonNode frank = ok(send("GET", "/admin/users/frank@example.com/explain", "Bearer " + TOKEN, null));
        assertThat(frank.path("desiredTags")).isEmpty();
        assertThat(frank.path("luckeyUserId").isTextual()).as("invited, without a tag").isTrue();

        assertError(send("GET", "/admin/users/carla@example.com/explain", "Bearer " + TOKEN, null), 404, "unknown_user");
    }

    @Test
    void thePlanOfALocationWithPendingChangesIsWhatTheRunThenDoes() throws Exception {
        adaWithAHotDesk();
        assertThat(ok(send("POST", "/admin/pause", "Bearer " + TOKEN, "{\"reason\": \"rehearsal\"}")).path("result").asText())
                .startsWith("paused");
        subscribe(world.spacebring.inviteMember(world.location, "bob@example.com", "Bob", "Babbage"));
        world.spacebring.inviteMember(world.location, "frank@example.com", "Frank", "Nosub");
        world.spacebring.cancelSubscription(adasSubscription, Instant.now().minusSeconds(1));
        eventually(() -> world.db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty()
                && world.db.query("select 1 from sync_queue").size() == 3);
        int callsBefore = world.luckey.calls().size();
        long auditBefore = (Long) world.db.query("select coalesce(max(id), 0) as id from audit_log").get(0).get("id");

        JsonNode plan = ok(send("GET", "/admin/plan", "Bearer " + TOKEN, null));

        assertThat(plan.path("summary").asText()).isEqualTo("Link default would grant 1, invite 2, revoke 1 for 3 of 3 user(s)");
        Set<String> planned = new HashSet<>();
        plan.path("actions").forEach(action -> planned.add(action.path("type").asText() + " " + action.path("email").asText() + " "
                + action.path("tag").asText("-")));
        assertThat(planned).containsExactlyInAnyOrder("invite bob@example.com -", "grant bob@example.com " + HOT_DESK,
                "invite frank@example.com -", "revoke " + ADA + " " + HOT_DESK);
        assertThat(world.luckey.calls()).as("the plan performs nothing").hasSize(callsBefore);

        ok(send("POST", "/admin/resume", "Bearer " + TOKEN, null));

        eventually(() -> world.luckey.tagMembers(HOT_DESK).equals(Set.of("bob@example.com")));
        world.settle();
        Set<String> done = new HashSet<>();
        world.db.query("select action, email, tag from audit_log where id > " + auditBefore + " and action <> 'operation'")
                .forEach(row -> done.add(row.get("action") + " " + row.get("email") + " " + (row.get("tag") == null ? "-" : row.get("tag"))));
        assertThat(done).isEqualTo(planned);
    }

    @Test
    void deadLettersAreListedReplayedOnceAndDiscardedWithAReason() throws Exception {
        adaWithAHotDesk();
        world.luckey.failNext(1, 400);
        world.spacebring.inviteMember(world.location, "dan@example.com", "Dan", "Brown");
        eventually(() -> deadLetters().size() == 1);
        JsonNode letter = deadLetters().get(0);
        assertThat(letter.path("action").asText()).isEqualTo("invite");
        assertThat(letter.path("link").asText()).isEqualTo("default");

        assertThat(ok(send("POST", "/admin/dead-letters/" + letter.path("id").asLong() + "/replay", "Bearer " + TOKEN, null))
                .path("result").asText()).contains("queued again");

        eventually(() -> world.luckey.user("dan@example.com").isPresent());
        assertThat(deadLetters()).isEmpty();
        assertError(send("POST", "/admin/dead-letters/" + letter.path("id").asLong() + "/replay", "Bearer " + TOKEN, null), 409,
                "not_waiting");
        assertError(send("POST", "/admin/dead-letters/abc/replay", "Bearer " + TOKEN, null), 400, "bad_request");
        assertError(send("POST", "/admin/dead-letters/999999/replay", "Bearer " + TOKEN, null), 404, "unknown_dead_letter");

        world.luckey.failNext(1, 400);
        world.spacebring.inviteMember(world.location, "eve@example.com", "Eve", "Adams");
        eventually(() -> deadLetters().size() == 1);
        long eve = deadLetters().get(0).path("id").asLong();
        assertError(send("POST", "/admin/dead-letters/" + eve + "/discard", "Bearer " + TOKEN, "{}"), 400, "bad_request");
        ok(send("POST", "/admin/dead-letters/" + eve + "/discard", "Bearer " + TOKEN, "{\"reason\": \"Eve left before her first day\"}"));
        assertThat(deadLetters()).isEmpty();
        assertThat(world.db.query("select discard_reason from dead_letter where id = " + eve))
                .containsExactly(Map.of("discard_reason", "Eve left before her first day (by admin api from 127.0.0.1)"));
    }

    @Test
    void resyncDryRunAndRequestsTheApiCannotRead() throws Exception {
        adaWithAHotDesk();

        assertThat(ok(send("POST", "/admin/resync", "Bearer " + TOKEN, "{\"user\": \"" + ADA + "\"}")).path("result").asText())
                .contains("queued: Luckey is read back");
        assertThat(ok(send("POST", "/admin/resync", "Bearer " + TOKEN, "")).path("result").asText())
                .isEqualTo("1 user(s) queued for reconciliation");
        assertError(send("POST", "/admin/resync", "Bearer " + TOKEN, "{\"user\": \"nobody@example.com\"}"), 404, "unknown_user");

        assertError(send("POST", "/admin/dry-run", "Bearer " + TOKEN, "{\"on\": \"yes\"}"), 400, "bad_request");
        assertError(send("POST", "/admin/pause", "Bearer " + TOKEN, "pause now"), 400, "bad_json");
        assertError(send("POST", "/admin/pause", "Bearer " + TOKEN, "{\"reason\": \"" + "x".repeat(2_000_000) + "\"}"), 400, "bad_request");
        assertThat(world.db.query("select 1 from link_control where paused")).as("a refused pause changes nothing").isEmpty();
        ok(send("POST", "/admin/dry-run", "Bearer " + TOKEN, "{\"on\": true}"));
        assertThat(ok(send("GET", "/admin/status", "Bearer " + TOKEN, null)).path("links").path("default").path("dryRun").asBoolean())
                .isTrue();
        assertThat(send("GET", "/admin/pause", "Bearer " + TOKEN, null).statusCode()).as("operations are POST").isEqualTo(405);

        assertThat(world.db.query("select detail from audit_log where action = 'operation' order by id"))
                .extracting(row -> row.get("detail")).containsOnly("by admin api from 127.0.0.1").hasSize(3);

        ok(send("POST", "/admin/pause", "Bearer " + TOKEN, "{\"reason\": \"rehearsal\\n2026-12-06 INFO forged line\\u2028too\"}"));
        assertThat(world.db.query("select reason from link_control where paused")).extracting(row -> row.get("reason"))
                .as("logged and audited on one line").containsExactly("rehearsal 2026-12-06 INFO forged line too");
    }

    @Test
    void theDocumentedAdminCommandsRunAsPrintedAndNoneAnswersAServerError() throws Exception {
        adaWithAHotDesk();
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs/operations.md"));
        List<String> block = page.substring(page.indexOf("export ADMIN=http://127.0.0.1:9876")).lines()
                .takeWhile(line -> !line.startsWith("```")).toList();
        // The one change: the management port of this test's bridge instead of the default 9876
        String export = block.get(0).replace("http://127.0.0.1:9876", world.bridge().managementUrl("").replaceAll("/$", ""));
        List<String> commands = block.subList(1, block.size());
        assertThat(commands).hasSizeGreaterThanOrEqualTo(12).allSatisfy(command -> assertThat(command).startsWith("curl "));

        for (String command : commands) {
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", export + "\n" + command).redirectErrorStream(true);
            bash.environment().put("ADMIN_TOKEN", TOKEN);
            Process curl = bash.start();
            String answer = new String(curl.getInputStream().readAllBytes());
            assertThat(curl.waitFor()).as(command).isZero();
            JsonNode json = JSON.readTree(answer);
            assertThat(json.path("error").path("code").asText()).as("%s answered %s", command, answer)
                    .isNotIn("internal_error", "database_unavailable");
            if (command.contains("/admin/pause")) {
                assertThat(json.path("result").asText()).as("curl's default form content type is read as JSON").startsWith("paused");
            }
        }
    }

    private List<JsonNode> deadLetters() throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        ok(send("GET", "/admin/dead-letters", "Bearer " + TOKEN, null)).path("deadLetters").forEach(letters::add);
        return letters;
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.bridge().managementUrl(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo(code);
    }
}
