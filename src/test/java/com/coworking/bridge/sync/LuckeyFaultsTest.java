package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.LuckeySimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.LogLines;
import com.coworking.bridge.support.SandboxWorld;

/** What the bridge does when Luckey fails, throttles, is frozen, already knows the user, or the bridge stops. */
class LuckeyFaultsTest {

    private static final String ADA = "ada@example.com";
    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private static final String PUT_MEMBER = "PUT /tags/{tagId}/users/{userId}";
    private static final String RETRIES = Retries.class.getName();
    private static final String CAMEL_RETRIES = "org.apache.camel.processor.errorhandler.DefaultErrorHandler";
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    /** Ada invited and in Luckey, and the Hot desk tag made by hand. Returns Ada's membership id. */
    private String adaInLuckeyWithTheTag() {
        world.luckey.createTagByHand(HOT_DESK);
        return adaInLuckey();
    }

    /** Ada invited and in Luckey. Returns Ada's membership id. */
    private String adaInLuckey() {
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());
        world.settle();
        return ada;
    }

    private void subscribe(String membership, String plan) {
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, membership, plan,
                Instant.now().minus(Duration.ofDays(1)), null));
    }

    @Test
    void twoServerErrorsThenSuccessGiveOneGrant() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckeyWithTheTag();

        try (LogLines log = LogLines.of(RETRIES, CAMEL_RETRIES)) {
            world.luckey.failNext(2, 503);
            subscribe(ada, plan);

            eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
            world.settle();
            assertThat(world.luckey.calls().stream().filter(c -> c.status() == 503)).hasSize(2);
            assertThat(world.luckey.calls(PUT_MEMBER).stream().filter(c -> c.status() == 204)).hasSize(1);
            assertThat(world.luckey.membershipChanges(ADA, HOT_DESK)).isEqualTo(1);
            assertThat(world.db.query("select * from dead_letter")).isEmpty();
            assertThat(log.warnings(RETRIES)).as("one line per retry: who, which try, why").satisfiesExactly(
                    first -> assertThat(first).startsWith("Link default: grant " + ADA + " [" + HOT_DESK + "]: tried again (retry 1 of ")
                            .contains("Luckey answered 503"),
                    second -> assertThat(second).contains("(retry 2 of ").contains("Luckey answered 503"));
            assertThat(log.warnings(CAMEL_RETRIES)).as("Camel's own retry lines, which name no one, are at DEBUG").isEmpty();
        }
    }

    @Test
    void aRateLimitIsWaitedOutForAtLeastRetryAfter() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckeyWithTheTag();

        world.luckey.rateLimitNext(1, 2);
        subscribe(ada, plan);

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        List<LuckeySimulator.Call> afterInvite = world.luckey.calls().stream()
                .filter(c -> !c.operation().equals("POST /users") && !c.operation().equals("POST /oauth/token")).toList();
        LuckeySimulator.Call limited = afterInvite.stream().filter(c -> c.status() == 429).findFirst().orElseThrow();
        LuckeySimulator.Call next = afterInvite.get(afterInvite.indexOf(limited) + 1);
        assertThat(next.operation()).isEqualTo(limited.operation());
        assertThat(Duration.between(limited.at(), next.at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void afterRetryAfterTheCallsThatWaitedResumeAtTheAccountsRateNotAllAtOnce() throws Exception {
        world = SandboxWorld.start(Map.of("luckey.requests-per-second", "10"));
        world.luckey.setRateLimit(10);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        world.luckey.createTagByHand(HOT_DESK);
        List<String> members = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            members.add(world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i)));
        }
        eventually(() -> world.luckey.userCount() == 30);
        world.settle();

        // The first grant meets a 429 with Retry-After: 5 s; the other 29 queue up behind it meanwhile
        Instant injected = Instant.now();
        world.luckey.rateLimitNext(1, 5);
        members.forEach(member -> subscribe(member, plan));
        eventually(() -> world.luckey.tagMembers(HOT_DESK).size() == 30);

        List<LuckeySimulator.Call> calls = world.luckey.calls().stream().filter(c -> !c.operation().equals("POST /oauth/token")).toList();
        LuckeySimulator.Call limited = calls.stream().filter(c -> c.status() == 429 && c.at().isAfter(injected)).findFirst().orElseThrow();
        List<LuckeySimulator.Call> resumed = calls.subList(calls.indexOf(limited) + 1, calls.size());
        List<Instant> after = resumed.stream().map(LuckeySimulator.Call::at).sorted().toList();
        assertThat(resumed).as("no 429 earned at the pause's end").noneMatch(c -> c.status() == 429);
        assertThat(after).hasSizeGreaterThanOrEqualTo(30);
        // 10 a second, about 105 ms apart: half a second holds 5. All at once, the limiter's 10 would go together.
        // Up to 8 leaves room for a pause of the machine (a GC, a loaded CI) that lets two or three go late together.
        for (Instant start : after) {
            long inHalfASecond = after.stream().filter(at -> !at.isBefore(start) && at.isBefore(start.plusMillis(500))).count();
            assertThat(inHalfASecond).as("calls in the half second from %s", start).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void aPlanTitleTooLongForALuckeyTagNameStillGrantsNeverADeadLetter() throws Exception {
        world = SandboxWorld.start();
        String title = "Flexible hot desk membership with meeting room credits, locker, mail handling and 24/7 access for teams";
        String plan = world.spacebring.createPlan(world.location, title);
        subscribe(adaInLuckey(), plan);

        eventually(() -> world.luckey.tagNames().stream().anyMatch(name -> world.luckey.tagMembers(name).contains(ADA)));
        String tag = world.luckey.tagNames().stream().filter(name -> world.luckey.tagMembers(name).contains(ADA)).findFirst().orElseThrow();
        assertThat(tag).hasSizeLessThanOrEqualTo(100).startsWith(PLAN_TAG_PREFIX + "Flexible hot desk").matches(".* #[0-9a-f]{8}");
        assertThat(world.luckey.calls("POST /tags").stream().filter(c -> c.status() == 422)).as("never refused by Luckey").isEmpty();
        assertThat(world.db.query("select * from dead_letter")).isEmpty();
    }

    @Test
    void aLuckeyFailingEveryCallForAMinuteTurnsReadinessDownAndUpOnceItAnswers() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.sync.retry-after-failure-ms", "300"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckeyWithTheTag();
        world.luckey.failNext(1_000_000, 503);
        subscribe(ada, plan);
        eventually(() -> world.luckey.calls().stream().anyMatch(c -> c.status() == 503));
        assertThat(world.bridge().managementGet("/observe/health/ready").statusCode()).as("one failed call never flips health").isEqualTo(200);

        world.clock.advance(Duration.ofSeconds(61));
        eventually(() -> world.bridge().managementGet("/observe/health/ready").statusCode() == 503);
        assertThat(world.bridge().managementGet("/admin/health").body()).contains("luckey.default failing since").contains("it answered 503");

        world.luckey.failNext(0, 503);
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        eventually(() -> world.bridge().managementGet("/observe/health/ready").statusCode() == 200);
    }

    @Test
    void anExistingLuckeyUserIsAdoptedNotCreatedTwice() throws Exception {
        world = SandboxWorld.start();
        String existing = world.luckey.createUserByHand("Ada@Example.com", "Ada", "Lovelace");

        world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");

        eventually(() -> !world.audit(ADA).isEmpty());
        world.settle();
        assertThat(world.luckey.userCount()).isEqualTo(1);
        assertThat(world.luckey.activationEmails()).isEmpty();
        assertThat(world.luckey.calls("POST /users")).extracting(LuckeySimulator.Call::status).containsExactly(409);
        assertThat(world.db.query("select luckey_user_id from luckey_user")).containsExactly(Map.of("luckey_user_id", existing));
        assertThat(world.audit(ADA).get(0)).containsEntry("result", "adopted the existing Luckey user (409 user_exists)");
    }

    @Test
    void aFrozenAccountStopsAllWritesAndTheBridgeResumesAfterTopUp() throws Exception {
        world = SandboxWorld.start(Map.of("luckey.frozen-retry-interval-ms", "1500"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        world.luckey.freeze();

        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        subscribe(ada, plan);
        world.spacebring.inviteMember(world.location, "bob@example.com", "Bob", "Babbage");

        NotifyBuilder heldBack = new NotifyBuilder(world.bridge().camel()).fromCurrentRoute("carry-out-action").whenCompleted(6).create();
        eventually(() -> world.bridge().managementGet("/observe/health/ready").statusCode() == 503);
        assertThat(world.bridge().managementGet("/admin/health").body()).contains("luckey-account").contains("account_frozen");
        assertThat(heldBack.matches(20, TimeUnit.SECONDS)).as("actions came and were held back").isTrue();
        assertThat(world.luckey.writes()).as("nothing written while frozen").isZero();
        long probes = world.luckey.calls().stream().filter(c -> c.status() == 423).count();
        assertThat(probes).as("one write tried per probe interval, not one per action").isLessThanOrEqualTo(4);

        world.luckey.unfreeze();

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA) && world.luckey.user("bob@example.com").isPresent());
        eventually(() -> world.bridge().managementGet("/observe/health/ready").statusCode() == 200);
        assertThat(world.luckey.userCount()).isEqualTo(2);
        assertThat(world.audit(ADA)).anySatisfy(row -> assertThat(row).containsEntry("result", "not written"));
    }

    @Test
    void exhaustedRetriesLeaveADeadLetterAndTheUserIsTriedAgainLater() throws Exception {
        world = SandboxWorld.start(Map.of("luckey.retry.max", "2", "bridge.sync.retry-after-failure-ms", "1000"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckeyWithTheTag();

        world.luckey.failNext(3, 500);
        subscribe(ada, plan);

        eventually(() -> !world.db.query("select * from dead_letter").isEmpty());
        Map<String, Object> letter = world.db.query("select * from dead_letter").get(0);
        assertThat(letter).containsEntry("action", "grant").containsEntry("attempts", 3);
        assertThat((String) letter.get("action_json")).contains("\"tagName\":\"" + HOT_DESK + "\"").contains(ADA);
        assertThat((String) letter.get("error")).contains("500");
        assertThat(world.audit(ADA)).anySatisfy(row -> assertThat(row).containsEntry("action", "grant").containsEntry("result", "failed"));

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        assertThat(world.luckey.membershipChanges(ADA, HOT_DESK)).isEqualTo(1);
    }

    @Test
    void aMissingTagIsAReportedConfigurationErrorWhenAutoCreationIsOff() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.tags.auto-create", "false"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckey();

        subscribe(ada, plan);

        eventually(() -> !world.db.query("select * from dead_letter").isEmpty());
        assertThat((String) world.db.query("select error from dead_letter").get(0).get("error"))
                .contains("no tag named '" + HOT_DESK + "'").contains("auto-create");
        assertThat(world.luckey.calls("POST /tags")).isEmpty();
        assertThat(world.db.query("select last_error from sync_queue").get(0).get("last_error").toString()).contains("TagMissing");
    }

    @Test
    void anExplicitTagMappingWinsOverTheTemplate() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        world.restartBridgeWith(Map.of("bridge.tags.plan." + plan, "Door A and B"));
        String ada = adaInLuckey();

        subscribe(ada, plan);

        eventually(() -> world.luckey.tagMembers("Door A and B").contains(ADA));
        assertThat(world.luckey.tagNames()).doesNotContain(HOT_DESK);
    }

    @Test
    void stoppedMidRunTheBridgeFinishesAfterARestartWithoutDuplicates() throws Exception {
        // A one-second shutdown cuts the work in flight, as a crash would; the claims it leaves are taken over soon.
        world = SandboxWorld.start(Map.of("camel.main.shutdownTimeout", "1", "bridge.sync.claim-lease-seconds", "3",
                "bridge.inbox.claim-lease-seconds", "3"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        world.luckey.setLatency(Duration.ofMillis(300));
        for (int i = 0; i < 6; i++) {
            String member = world.spacebring.inviteMember(world.location, "member" + i + "@example.com", "Member", "No " + i);
            subscribe(member, plan);
        }
        eventually(() -> world.luckey.writes() >= 3);

        world.stopBridge();
        world.startBridge();

        eventually(() -> world.luckey.tagMembers(HOT_DESK).size() == 6);
        world.settle();
        assertThat(world.luckey.userCount()).isEqualTo(6);
        assertThat(world.luckey.activationEmails()).hasSize(6).doesNotHaveDuplicates();
        for (int i = 0; i < 6; i++) {
            assertThat(world.luckey.membershipChanges("member" + i + "@example.com", HOT_DESK)).isEqualTo(1);
        }
        assertThat(world.luckey.calls("POST /tags").stream().filter(c -> c.status() == 201)).hasSize(1);
    }

}
