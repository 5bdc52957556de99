package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.LogLines;
import com.coworking.bridge.support.SandboxWorld;
import com.coworking.bridge.support.SignedWebhooks;

/** Enrichment when Spacebring's REST API fails, throttles or refuses the credentials. */
class SpacebringFaultsTest {

    private static final String ADA = "ada@example.com";
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void serverErrorsAreRetriedAndTheWebhookIsApplied() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());

        try (LogLines log = LogLines.of(Retries.class.getName())) {
            world.spacebring.failNext(3);
            world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minus(Duration.ofDays(1)), null));

            eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));
            assertThat(world.db.query("select status from inbox where status = 'failed'")).isEmpty();
            assertThat(log.warnings(Retries.class.getName())).as("one line per retry, naming the webhook (or a poll) and the answer")
                    .hasSize(3).allSatisfy(line -> assertThat(line).containsPattern("^(Webhook \\d+ \\(subscription\\.[a-z]+\\)|Link default: poll of "
                            + "location " + world.location + "): tried again \\(retry [1-3] of \\d+\\) after HttpOperationFailedException: .*500"))
                    .anyMatch(line -> line.startsWith("Webhook "));
        }
    }

    @Test
    void aRateLimitedSpacebringIsBackedOffFromUntilItAnswers() throws Exception {
        // The packaged back-off (500 ms doubling, six tries: about 30 s): the tests' 50 ms would give up within 3 s,
        // before 2 requests a second can serve ten webhooks
        world = SandboxWorld.start(Map.of("spacebring.retry.initial-delay-ms", "500"));
        world.spacebring.setRateLimit(2);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        for (int i = 0; i < 5; i++) {
            String member = world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i));
            world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan, Instant.now().minus(Duration.ofDays(1)), null));
        }

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").size() == 5);
        assertThat(world.db.query("select status from inbox where status = 'failed'")).isEmpty();
    }

    @Test
    void aWebhookSpacebringCannotAnswerForLongerThanItsRetriesStaysPendingAndIsAppliedLater() throws Exception {
        // One retry per lookup, no poll to mend it: only the inbox's own retry-later can grant
        world = SandboxWorld.start(Map.of("spacebring.retry.max", "1", "bridge.inbox.retry-initial-delay-ms", "300",
                "bridge.poll.first-delay-ms", "3600000"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());

        world.spacebring.failNext(5);
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minus(Duration.ofDays(1)), null));

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));
        assertThat(world.db.query("select status, attempts from inbox where event_type like 'subscription.%'"))
                .as("acknowledged means applied: pending after each passing failure, never failed").hasSize(1)
                .allSatisfy(row -> {
                    assertThat(row).containsEntry("status", "done");
                    assertThat((Integer) row.get("attempts")).as("tried again later").isPositive();
                });
        assertThat(world.db.query("select 1 from inbox where status = 'failed'")).isEmpty();
    }

    @Test
    void aSubscriptionWebhookWhoseUserIdIsAnIntegerAsInTheCatalogueIsStillApplied() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.poll.first-delay-ms", "3600000"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());

        world.spacebring.setAutoDeliver(false);
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minus(Duration.ofDays(1)), null));
        String held = world.spacebring.pendingWebhooks().get(0);
        // Spacebring's webhook catalogue declares subscription.user.id an integer ("id": 123)
        String asCatalogued = held.replaceFirst("(\"user\":\\{[^}]*?\"id\":)\"[^\"]+\"", "$1123");
        assertThat(asCatalogued).as("the user's id made an integer").isNotEqualTo(held).contains("\"id\":123");
        world.spacebring.setAutoDeliver(true);
        assertThat(world.spacebring.deliver(SignedWebhooks.newMessageId(), asCatalogued).status()).isEqualTo(200);

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));
        assertThat(world.db.query("select status from inbox where event_type = 'subscription.changed'")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("status", "done"));
    }

    @Test
    void aSpacebringFailingEveryCallForAMinuteTurnsReadinessDownWithTheLastErrorAndUpOnceItAnswers() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.inbox.retry-initial-delay-ms", "200", "bridge.inbox.retry-max-delay-ms", "500"));
        world.spacebring.failNext(1_000_000);
        world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> !world.db.query("select 1 from inbox where attempts > 0").isEmpty());
        assertThat(world.bridge().managementGet("/observe/health/ready").statusCode()).as("one failed call never flips health").isEqualTo(200);

        world.clock.advance(Duration.ofSeconds(61));
        eventually(() -> world.bridge().managementGet("/observe/health/ready").statusCode() == 503);
        assertThat(world.bridge().managementGet("/admin/health").body()).contains("spacebring failing since").contains("it answered 500")
                .contains("\"spacebring.last.error\"");

        world.spacebring.failNext(0);
        eventually(() -> world.luckey.user(ADA).isPresent());
        eventually(() -> world.bridge().managementGet("/observe/health/ready").statusCode() == 200);
    }

    @Test
    void aWebhookThatCannotBeAppliedIsMarkedFailedWithTheReason() throws Exception {
        world = SandboxWorld.start(Map.of("spacebring.client-secret", "wrong-secret"));

        world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");

        eventually(() -> !world.db.query("select 1 from inbox where status = 'failed'").isEmpty());
        Map<String, Object> failed = world.db.query("select event_type, reason from inbox where status = 'failed'").get(0);
        assertThat(failed).containsEntry("event_type", "membership.invited");
        assertThat((String) failed.get("reason")).contains("401");
        assertThat(world.luckey.userCount()).isZero();
    }
}
