package com.coworking.bridge.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.RunningBridge;

/**
 * Liveness through the management port: a bridge whose heartbeat no longer ticks (as a timer thread killed by an
 * error leaves it, here the route stopped) answers DOWN, so an orchestrator restarts it, and UP again once it ticks.
 */
class LivenessTest {

    @Test
    void aHeartbeatThatStopsTickingTurnsLivenessDownAndTheDetailNamesIt() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("bridge.liveness.stalled-after-ms", "3000", "bridge.jobs.check-ms", "500",
                "bridge.schedule.tick-ms", "500"))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(bridge, "/observe/health/live") == 200);
            Thread.sleep(4000);
            assertThat(status(bridge, "/observe/health/live")).as("every watched consumer ticks").isEqualTo(200);

            bridge.camel().getRouteController().stopRoute("bridge-heartbeat");
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> status(bridge, "/observe/health/live") == 503);
            assertThat(bridge.managementGet("/admin/health").body()).contains("stalled.bridge-heartbeat").contains("no tick since");

            bridge.camel().getRouteController().startRoute("bridge-heartbeat");
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> status(bridge, "/observe/health/live") == 200);
        }
    }

    private static int status(RunningBridge bridge, String path) throws Exception {
        return bridge.managementGet(path).statusCode();
    }
}
