package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * What a subscription webhook costs in Spacebring requests (README, Request budget), counted where they arrive: the
 * subscription itself for a member the mirror knows, and one request more for one it does not know yet.
 */
class RequestBudgetTest {

    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aSubscriptionWebhookCostsTheSubscriptionForAKnownMemberAndTheMembershipsForAnUnknownOne() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckey();

        int before = world.spacebring.requests().size();
        String adas = world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan,
                Instant.now().minusSeconds(60), null));
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("ada@example.com"));
        world.settle();
        assertThat(since(before)).as("a known member: the subscription, once").containsExactly("/subscriptions/v1/" + adas);

        // Grace's membership webhook is held back: her subscription's webhook comes first
        world.spacebring.setAutoDeliver(false);
        String grace = world.spacebring.inviteMember(world.location, "grace@example.com", "Grace", "Hopper");
        String graces = world.spacebring.createSubscription(NewSubscription.forMember(world.location, grace, plan,
                Instant.now().minusSeconds(60), null));
        before = world.spacebring.requests().size();
        List<String> subscriptionWebhooks = world.spacebring.pendingWebhooks().stream().filter(body -> !body.contains("\"membership\":{"))
                .toList();
        assertThat(subscriptionWebhooks).hasSize(1);
        world.spacebring.deliver(subscriptionWebhooks.get(0));
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("grace@example.com"));
        world.settle();
        List<String> forGrace = since(before);
        assertThat(forGrace).as("an unknown member: the subscription, then her memberships").hasSize(2);
        assertThat(forGrace.get(0)).isEqualTo("/subscriptions/v1/" + graces);
        assertThat(forGrace.get(1)).startsWith("/community/memberships/v1?").contains("userRef=" + world.spacebring.userOf(grace));
    }

    @Test
    void aPlanTheSubscriptionDoesNotNameIsNamedFromThePlanListAndTheSubscriptionIsStillApplied() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = adaInLuckey();

        world.spacebring.setAutoDeliver(false);
        String adas = world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan,
                Instant.now().minusSeconds(60), null));
        // Spacebring may leave out a plan's title: the item names the plan by its id only
        world.spacebring.rewriteSubscription(adas, "items", List.of(Map.of("id", UUID.randomUUID().toString(), "planRef", plan,
                "type", "recurring", "quantity", 1, "plan", Map.of("id", plan))));
        int before = world.spacebring.requests().size();
        world.spacebring.deliver(world.spacebring.pendingWebhooks().get(0));

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("ada@example.com"));
        world.settle();
        assertThat(since(before)).as("the subscription, then the location's plans for the title").hasSize(2)
                .satisfies(requests -> assertThat(requests.get(0)).isEqualTo("/subscriptions/v1/" + adas))
                .satisfies(requests -> assertThat(requests.get(1)).startsWith("/plans/v1?"));
        assertThat(world.db.query("select status from inbox where subscription_ref = '" + adas + "'"))
                .extracting(row -> row.get("status")).containsOnly("done");
    }

    /** Ada, invited and in Luckey, the bridge settled: what a lookup costs is counted from here. */
    private String adaInLuckey() {
        String ada = world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");
        eventually(() -> world.luckey.user("ada@example.com").isPresent());
        world.settle();
        return ada;
    }

    private List<String> since(int before) {
        List<String> all = world.spacebring.requests();
        return all.subList(before, all.size());
    }
}
