package com.coworking.bridge.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LastMinuteTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LastMinute requests = new LastMinute(now::get);

    private void addAt(long second, int times) {
        now.set(second);
        for (int i = 0; i < times; i++) {
            requests.add();
        }
    }

    @Test
    void countsWhatHappenedInTheLast60SecondsOnly() {
        addAt(1_000, 3);
        addAt(1_030, 2);
        assertThat(requests.count()).isEqualTo(5);

        now.set(1_059);
        assertThat(requests.count()).isEqualTo(5);
        now.set(1_060);
        assertThat(requests.count()).as("the first three are a minute old").isEqualTo(2);

        addAt(1_060, 1);
        assertThat(requests.count()).as("the bucket of second 1000 is reused for 1060").isEqualTo(3);
        now.set(1_200);
        assertThat(requests.count()).isZero();
    }
}
