package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/** Bursts are read as lists, counted request by request in the simulator. */
class BurstListsTest {

    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";

    @Test
    void aBulkImportAndABurstOfPurchasesAreReadAsAFewListPagesAndEveryoneIsGranted() throws Exception {
        try (SandboxWorld world = SandboxWorld.start(Map.of("luckey.requests-per-second", "1000"))) {
            String plan = world.spacebring.createPlan(world.location, "Hot desk");
            world.spacebring.setAutoDeliver(false);
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                members.add(world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", "" + i));
            }
            deliverAll(world);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> world.luckey.userCount() == 250);
            world.settle();
            long singleMembershipLookups = count(world, "userRef=");
            assertThat(singleMembershipLookups).as("250 invitations: the location's list, not a lookup each").isLessThan(25);

            int before = world.spacebring.requests().size();
            for (String member : members) {
                world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan,
                        Instant.now().minus(Duration.ofDays(1)), null));
            }
            String late = lastSubscription(world);
            world.spacebring.leaveOutOfLists(late);
            deliverAll(world);

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> world.luckey.tagMembers(HOT_DESK).size() == 250);
            List<String> requests = world.spacebring.requests().subList(before, world.spacebring.requests().size());
            long lists = requests.stream().filter(r -> r.contains("createDate")).count();
            long singles = requests.stream().filter(r -> r.startsWith("/subscriptions/v1/")).count();
            assertThat(requests.size()).as("requests for 250 purchases: " + lists + " list pages, " + singles + " single lookups")
                    .isLessThanOrEqualTo(50);
            assertThat(requests).as("the purchase the list did not hold, by its own request").contains("/subscriptions/v1/" + late);
        }
    }

    private static String lastSubscription(SandboxWorld world) throws Exception {
        String body = world.spacebring.pendingWebhooks().get(world.spacebring.pendingWebhooks().size() - 1);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("id").asText();
    }

    private static void deliverAll(SandboxWorld world) {
        for (String body : world.spacebring.pendingWebhooks()) {
            world.spacebring.deliver(body);
        }
    }

    private static long count(SandboxWorld world, String part) {
        return world.spacebring.requests().stream().filter(r -> r.contains(part)).count();
    }
}
