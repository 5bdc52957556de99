package com.coworking.bridge.poll;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * A poll of a location where nothing changed writes none of the mirror's rows (PostgreSQL gives every written row
 * version a new xmin), and still knows what it saw: a row deleted in Spacebring meanwhile is swept.
 */
class UnchangedPollTest {

    private static final List<String> MIRROR = List.of("sb_membership", "sb_company", "sb_subscription", "sb_subscription_item",
            "sb_resource", "sb_resource_assignment", "sb_booking", "sb_booking_person");

    @Test
    void aPollOfAnUnchangedLocationRewritesNoRowAndStillSweepsWhatWentAway() throws Exception {
        try (SandboxWorld world = SandboxWorld.withoutWebhooks(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms",
                "300", "bridge.schedule.tick-ms", "3600000"))) {
            String plan = world.spacebring.createPlan(world.location, "Hot desk");
            String acme = world.spacebring.createCompany(world.location, "Acme");
            String room = world.spacebring.createResource(world.location, "Room Lovelace", "meetingRoom");
            String leaver = null;
            for (int i = 0; i < 30; i++) {
                String member = i % 3 == 0 ? world.spacebring.inviteMemberOfCompany(world.location, acme, "m" + i + "@example.com", "M", "" + i)
                        : world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", "" + i);
                world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan,
                        Instant.now().minus(Duration.ofDays(1)), null));
                world.spacebring.book(room, member, Instant.now().plus(Duration.ofHours(i)), Instant.now().plus(Duration.ofHours(i + 1)));
                leaver = member;
            }
            world.spacebring.assignResource(room, acme, java.util.UUID.randomUUID().toString(), Instant.now().minus(Duration.ofDays(1)), null);
            waitForCompletePolls(world, 2);
            Map<String, List<Map<String, Object>>> before = versions(world);
            assertThat(before.get("sb_membership")).hasSize(30);

            waitForCompletePolls(world, 2);

            assertThat(versions(world)).as("no row written by the polls since").isEqualTo(before);

            world.spacebring.deleteMembership(leaver);
            // The poll going on may have listed it before it went: the one after it did not
            waitForCompletePolls(world, 2);
            assertThat(world.db.query("select count(*) as gone from sb_membership where gone_at is not null"))
                    .containsExactly(Map.of("gone", 1L));
            assertThat(world.db.query("select count(*) as noted from poll_seen where poll_id in "
                    + "(select id from poll_run where finished_at is not null)")).as("each poll's notes cleared at its end")
                    .containsExactly(Map.of("noted", 0L));
        }
    }

    private static void waitForCompletePolls(SandboxWorld world, int more) {
        long done = completePolls(world);
        eventually(() -> completePolls(world) >= done + more);
    }

    private static long completePolls(SandboxWorld world) {
        return (Long) world.db.query("select count(*) as n from poll_run where outcome like 'complete%'").get(0).get("n");
    }

    /** Every row's version (xmin) by table: a written row has a new one. */
    private static Map<String, List<Map<String, Object>>> versions(SandboxWorld world) {
        Map<String, List<Map<String, Object>>> versions = new LinkedHashMap<>();
        for (String table : MIRROR) {
            versions.put(table, world.db.query("select ctid::text as at, xmin::text as version from " + table + " order by ctid"));
        }
        return versions;
    }
}
