package com.coworking.bridge.luckey;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a 429 every Luckey call waits until Retry-After, not only the one that got it: the others would only
 * earn more 429s. The call route asks {@link #pauseMillis()} in an asynchronous delay, so no thread sleeps.
 */
public final class LuckeyGate {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyGate.class);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong rateLimited = new AtomicLong();

    public long pauseMillis() {
        return Math.max(0, Duration.ofNanos(pausedUntilNanos.get() - System.nanoTime()).toMillis());
    }

    public void pauseFor(Duration retryAfter) {
        rateLimited.incrementAndGet();
        Duration pause = retryAfter.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : retryAfter;
        long until = System.nanoTime() + pause.toNanos();
        long before = pausedUntilNanos.getAndAccumulate(until, Math::max);
        if (before < until && before <= System.nanoTime()) {
            LOG.warn("Luckey rate limit (429): every Luckey call waits {} ms (Retry-After)", pause.toMillis());
        }
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }
}
