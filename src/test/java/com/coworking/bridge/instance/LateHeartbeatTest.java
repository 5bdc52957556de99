package com.coworking.bridge.instance;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * A bridge whose heartbeat is late (a database pause, say) writes nothing more to Luckey and keeps its users queued
 * for the bridge that holds them next. ChaosIT once lost a member's grant this way: a graceful stop stopped the
 * heartbeat first, the run stopped before the grant and then forgot the user. A graceful stop now keeps the heartbeat
 * beating until the last user is reconciled.
 */
class LateHeartbeatTest {

    private static final String ADA = "ada@example.com";
    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private static final String LOCKERS = PLAN_TAG_PREFIX + "Lockers";
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aBridgeWhoseHeartbeatIsLateWritesNothingMoreAndForgetsNoOne() throws Exception {
        // Each Luckey call takes 2.5 s: the heartbeat is late (after 1 s) while the first grant is under way
        adaBuysTwoPlansWhileEachLuckeyCallTakes(Duration.ofMillis(2500));
        world.bridge().camel().getRouteController().stopRoute("bridge-heartbeat");

        eventually(() -> !world.db.query("select 1 from sync_queue where last_error like '%heartbeat was late%'").isEmpty());
        assertThat(world.luckey.tagMembers(HOT_DESK).contains(ADA) && world.luckey.tagMembers(LOCKERS).contains(ADA))
                .as("the second grant is not sent by a bridge that may have been taken over").isFalse();

        world.luckey.setLatency(Duration.ZERO);
        world.bridge().camel().getRouteController().startRoute("bridge-heartbeat");

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA) && world.luckey.tagMembers(LOCKERS).contains(ADA));
        assertThat(world.luckey.membershipChanges(ADA, HOT_DESK)).isEqualTo(1);
        assertThat(world.luckey.membershipChanges(ADA, LOCKERS)).isEqualTo(1);
    }

    @Test
    void aGracefulStopKeepsTheHeartbeatBeatingUntilTheLastUserIsReconciled() throws Exception {
        // Each Luckey call takes 1 s: Ada's two grants outlast dead-after once the stop has begun
        adaBuysTwoPlansWhileEachLuckeyCallTakes(Duration.ofMillis(1000));
        world.stopBridge();

        assertThat(world.luckey.tagMembers(HOT_DESK)).as("granted before the bridge stopped").contains(ADA);
        assertThat(world.luckey.tagMembers(LOCKERS)).as("granted before the bridge stopped").contains(ADA);
        assertThat(world.db.query("select last_error from sync_queue")).as("nobody left for the next start").isEmpty();
    }

    /**
     * A bridge whose heartbeat counts as late after 1.5 s; Ada, invited already, buys two plans while each Luckey call
     * takes {@code latency}. Returns once the bridge has claimed her.
     */
    private void adaBuysTwoPlansWhileEachLuckeyCallTakes(Duration latency) throws Exception {
        world = SandboxWorld.start(Map.of("bridge.instance.heartbeat-ms", "200", "bridge.instance.dead-after-ms", "1500"));
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());
        world.settle();
        List<String> plans = List.of(world.spacebring.createPlan(world.location, "Hot desk"),
                world.spacebring.createPlan(world.location, "Lockers"));

        world.luckey.setLatency(latency);
        world.spacebring.createSubscription(new NewSubscription(world.location, ada, null, plans,
                Instant.now().minus(Duration.ofDays(1)), null, null));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                !world.db.query("select 1 from sync_queue where claimed_by is not null").isEmpty());
    }
}
