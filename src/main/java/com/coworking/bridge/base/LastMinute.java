package com.coworking.bridge.base;

import java.util.function.LongSupplier;

/**
 * How many times something happened in the last 60 seconds, in one-second buckets: a rate any reader (jconsole
 * every few seconds, the admin API) can read at any moment, with no timer and no list growing with the traffic.
 */
public final class LastMinute {

    private static final int SECONDS = 60;
    private final long[] second = new long[SECONDS];
    private final long[] count = new long[SECONDS];
    private final LongSupplier epochSecond;

    public LastMinute() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    public LastMinute(LongSupplier epochSecond) {
        this.epochSecond = epochSecond;
    }

    public synchronized void add() {
        long now = epochSecond.getAsLong();
        int bucket = (int) (now % SECONDS);
        if (second[bucket] != now) {
            second[bucket] = now;
            count[bucket] = 0;
        }
        count[bucket]++;
    }

    public synchronized long count() {
        long now = epochSecond.getAsLong();
        long total = 0;
        for (int bucket = 0; bucket < SECONDS; bucket++) {
            if (now - second[bucket] < SECONDS) {
                total += count[bucket];
            }
        }
        return total;
    }
}
