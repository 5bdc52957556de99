package com.coworking.bridge.luckey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.access.TagNames;
import com.coworking.bridge.link.Link;

/** After a 429 every call waits for Retry-After, then the calls that waited go one after the other at the account's rate. */
class LuckeyGateTest {

    private static final Link MILANO = link("milano", "https://milano.luckey.example/api/v1");
    private static final Link ROMA = link("roma", "https://roma.luckey.example/api/v1");

    private final LuckeyGate gate = new LuckeyGate(Duration.ofMillis(1000));

    @Test
    void withoutA429NoCallWaits() {
        assertThat(gate.pauseMillis(MILANO)).isZero();
        assertThat(gate.pauseMillis(MILANO)).isZero();
    }

    @Test
    void thirtyCallsWaitingForRetryAfterResumeAtTheAccountsRateNotAllAtOnce() {
        long paused = System.nanoTime();
        gate.pauseFor(MILANO, Duration.ofSeconds(2));
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long asked = System.nanoTime();
            // When this call goes, in ms after the 429: the time it asked plus how long it is told to wait
            slots.add(Duration.ofNanos(asked - paused).toMillis() + gate.pauseMillis(MILANO));
        }
        // 20 requests a second: one call every 50 ms after the pause, the first at its end
        assertThat(slots.get(0)).isBetween(1998L, 2001L);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).as("call %d after call %d", i, i - 1).isBetween(48L, 52L);
        }
        assertThat(slots.get(29)).isBetween(3445L, 3455L);
        assertThat(gate.pauseMillis(ROMA)).as("another account goes on").isZero();
    }

    @Test
    void aCallArrivingAfterThePauseWhileOthersStillWaitTakesTheNextSlot() throws Exception {
        long start = System.nanoTime();
        gate.pauseFor(MILANO, Duration.ofMillis(100));
        for (int i = 0; i < 20; i++) {
            gate.pauseMillis(MILANO);
        }
        Thread.sleep(200);
        long wait = gate.pauseMillis(MILANO);
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        // The 21st slot: the pause's end plus twenty slots of 50 ms, behind the calls that waited
        assertThat(wait).isBetween(1100 - elapsed - 20, 1100 - elapsed + 20);
    }

    private static Link link(String name, String baseUrl) {
        return new Link(name, "loc-" + name, true, new Link.LuckeyAccountSettings(baseUrl, name + "-client", "secret", 20),
                TagNames.of("Spacebring plan: {title}", "Spacebring company: {title}", Map.of(), Map.of()));
    }
}
