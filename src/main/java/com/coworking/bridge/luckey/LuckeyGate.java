package com.coworking.bridge.luckey;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.link.Link;

/**
 * After a 429 every call to that Luckey account waits until Retry-After, not only the one that got it: the others
 * would only earn more 429s. Other accounts (other links) go on. The call route asks {@link #pauseMillis} in an
 * asynchronous delay, so no thread sleeps.
 */
public final class LuckeyGate {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyGate.class);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    private final Map<String, AtomicLong> pausedUntilNanos = new ConcurrentHashMap<>();
    private final AtomicLong rateLimited = new AtomicLong();

    public long pauseMillis(@ExchangeProperty("link") Link link) {
        AtomicLong until = pausedUntilNanos.get(link.luckey().accountKey());
        return until == null ? 0 : Math.max(0, Duration.ofNanos(until.get() - System.nanoTime()).toMillis());
    }

    public void pauseFor(Link link, Duration retryAfter) {
        rateLimited.incrementAndGet();
        Duration pause = retryAfter.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : retryAfter;
        long now = System.nanoTime();
        long until = now + pause.toNanos();
        long before = pausedUntilNanos.computeIfAbsent(link.luckey().accountKey(), key -> new AtomicLong(now))
                .getAndAccumulate(until, Math::max);
        if (before < until && before <= now) {
            LOG.warn("Link {}: Luckey rate limit (429): every call to {} waits {} ms (Retry-After)", link.name(), link.luckey(),
                    pause.toMillis());
        }
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }
}
