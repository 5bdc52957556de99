package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/** A lookup the mirror already answers costs nothing: what a full sync read after the webhook arrived is not asked again. */
class MirrorAnswersTest {

    /** A member's own lookup, and a subscription's: not the lists a poll reads. */
    private static final String SINGLE_LOOKUPS = "userRef=|/subscriptions/v1/";

    @Test
    void webhooksWaitingWhileAFullSyncReadTheirObjectsAreAppliedWithoutARequest() throws Exception {
        // Spacebring fails each webhook's own lookup once; the webhook waits 8 s, and meanwhile the full sync reads everything
        try (SandboxWorld world = SandboxWorld.start(Map.of("spacebring.retry.max", "0", "bridge.inbox.retry-initial-delay-ms", "8000",
                "bridge.poll.first-delay-ms", "3600000"))) {
            String plan = world.spacebring.createPlan(world.location, "Hot desk");
            world.spacebring.failNextMatching(SINGLE_LOOKUPS, 2);
            String ada = world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");
            eventually(() -> retrying(world) == 1);
            world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minus(Duration.ofDays(1)),
                    null));
            eventually(() -> retrying(world) == 2);
            long lookupsBefore = lookups(world);

            world.restartBridgeWith(Map.of("bridge.poll.first-delay-ms", "100"));

            eventually(() -> world.luckey.tagMembers(SandboxWorld.PLAN_TAG_PREFIX + "Hot desk").contains("ada@example.com"));
            world.settle();
            assertThat(lookups(world)).as("no lookup after the full sync read the member and the subscription").isEqualTo(lookupsBefore);
            assertThat(world.db.query("select event_type from inbox where reason like 'answered by the mirror%' order by id"))
                    .containsExactly(Map.of("event_type", "membership.invited"), Map.of("event_type", "subscription.changed"));

            // A webhook that arrives after the sync is looked up as ever
            world.spacebring.renameUser(ada, "Ada", "King");
            world.spacebring.inviteMember(world.location, "bob@example.com", "Bob", "Babbage");
            eventually(() -> world.luckey.user("bob@example.com").isPresent());
            assertThat(lookups(world)).isEqualTo(lookupsBefore + 1);
        }
    }

    private static int retrying(SandboxWorld world) {
        return world.db.query("select 1 from inbox where status = 'pending' and attempts > 0").size();
    }

    private static long lookups(SandboxWorld world) {
        return world.spacebring.requests().stream().filter(r -> java.util.regex.Pattern.compile(SINGLE_LOOKUPS).matcher(r).find()).count();
    }
}
