package com.coworking.bridge.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.MovableClock;

/** When liveness calls a consumer stalled: no tick begun for the stall time, or one tick running ten times as long. */
class ProgressWatchTest {

    private final MovableClock clock = new MovableClock();
    private final ProgressWatch watch = new ProgressWatch(Duration.ofMinutes(2), clock);

    @Test
    void aRouteThatKeepsTickingIsNeverStalled() {
        watch.started("bridge-heartbeat");
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(2));
            watch.begun("bridge-heartbeat");
            watch.done("bridge-heartbeat");
        }
        assertThat(watch.stalled()).isEmpty();
    }

    @Test
    void aRouteWhoseTimerStoppedIsStalledOnceNoTickBeganForTheStallTime() {
        watch.started("bridge-heartbeat");
        watch.begun("bridge-heartbeat");
        watch.done("bridge-heartbeat");
        clock.advance(Duration.ofSeconds(119));
        assertThat(watch.stalled()).as("within the stall time").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(watch.stalled()).containsOnlyKeys("bridge-heartbeat");
        assertThat(watch.stalled().get("bridge-heartbeat")).startsWith("no tick since ");
    }

    @Test
    void aRouteNeverTickingAfterItsStartIsStalledToo() {
        watch.started("inbox-consumer");
        clock.advance(Duration.ofMinutes(3));
        assertThat(watch.stalled()).containsOnlyKeys("inbox-consumer");
    }

    @Test
    void aLongTickIsProgressUntilItHasRunTenTimesTheStallTime() {
        watch.started("inbox-consumer");
        watch.begun("inbox-consumer");
        clock.advance(Duration.ofMinutes(19));
        assertThat(watch.stalled()).as("a batch waiting out Spacebring's retries").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(watch.stalled().get("inbox-consumer")).startsWith("one tick has run since ");
    }
}
