package com.coworking.bridge.luckey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.access.TagNames;
import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.link.DoorSettings;
import com.coworking.bridge.link.Link;

/** After a 429 every call waits for Retry-After, then the calls that waited go one after the other at the account's rate. */
class LuckeyGateTest {

    private static final Link MILANO = link("milano", "https://milano.luckey.example/api/v1");
    private static final Link ROMA = link("roma", "https://roma.luckey.example/api/v1");

    /** The gate's clock, moved by the test: no thread's scheduling shifts a figure. */
    private final AtomicLong now = new AtomicLong();
    private final LuckeyGate gate = new LuckeyGate(Duration.ofMillis(1000), now::get);

    @Test
    void withoutA429NoCallWaits() {
        assertThat(gate.pauseMillis(MILANO)).isZero();
        assertThat(gate.pauseMillis(MILANO)).isZero();
    }

    @Test
    void thirtyCallsWaitingForRetryAfterResumeAtTheAccountsRateNotAllAtOnce() {
        gate.pauseFor(MILANO, Duration.ofSeconds(2));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            waits.add(gate.pauseMillis(MILANO));
        }
        // 20 requests a second: one call every 50 ms after the pause, the first at its end
        assertThat(waits.get(0)).isEqualTo(2000);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i) - waits.get(i - 1)).as("call %d after call %d", i, i - 1).isEqualTo(50);
        }
        assertThat(gate.pauseMillis(ROMA)).as("another account goes on").isZero();
    }

    @Test
    void aCallArrivingAfterThePauseWhileOthersStillWaitTakesTheNextSlot() {
        gate.pauseFor(MILANO, Duration.ofMillis(100));
        for (int i = 0; i < 20; i++) {
            gate.pauseMillis(MILANO);
        }
        now.addAndGet(Duration.ofMillis(200).toNanos());
        // The 21st slot: the pause's end plus twenty slots of 50 ms, behind the calls that waited
        assertThat(gate.pauseMillis(MILANO)).isEqualTo(100 + 20 * 50 - 200);
    }

    @Test
    void onceTheSlotsArePastACallGoesAtOnce() {
        gate.pauseFor(MILANO, Duration.ofMillis(100));
        gate.pauseMillis(MILANO);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(gate.pauseMillis(MILANO)).isZero();
    }

    private static Link link(String name, String baseUrl) {
        return new Link(name, "loc-" + name, true, new Link.LuckeyAccountSettings(baseUrl, name + "-client", "secret", 20),
                TagNames.of("Spacebring plan: {title}", "Spacebring company: {title}", "Spacebring resource: {title}", "Spacebring visitors", Map.of(), Map.of(), Map.of()),
                new DoorSettings(false, false, false, new AccessPolicy.BookingTimes(Duration.ZERO, Duration.ZERO, null), 14));
    }
}
