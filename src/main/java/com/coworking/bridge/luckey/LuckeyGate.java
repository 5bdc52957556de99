package com.coworking.bridge.luckey;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.link.Link;

/**
 * After a 429 every call to that Luckey account waits until Retry-After, not only the one that got it: the others
 * would only earn more 429s. Other accounts (other links) go on. When the pause ends the calls that waited resume one
 * after the other at the account's rate (one every rate window / requests per second), not all at once - a burst at
 * the end of every pause only earned the next 429. The call route asks {@link #pauseMillis} in an asynchronous delay,
 * so no thread sleeps.
 */
public final class LuckeyGate {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyGate.class);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    private final Map<String, AtomicLong> pausedUntilNanos = new ConcurrentHashMap<>();
    /** Per account, the time the next call that waited may go. */
    private final Map<String, AtomicLong> nextSlotNanos = new ConcurrentHashMap<>();
    private final AtomicLong rateLimited = new AtomicLong();
    private final long rateWindowNanos;
    private final LongSupplier nanoTime;

    /** @param rateWindow the window Luckey's requests per second are counted in (luckey.rate-window-ms) */
    public LuckeyGate(Duration rateWindow) {
        this(rateWindow, System::nanoTime);
    }

    /** The same, on a clock of the tests' own. */
    LuckeyGate(Duration rateWindow, LongSupplier nanoTime) {
        this.rateWindowNanos = rateWindow.toNanos();
        this.nanoTime = nanoTime;
    }

    /** How long this call waits: 0, or until its own slot after the pause. */
    public long pauseMillis(@ExchangeProperty("link") Link link) {
        String account = link.luckey().accountKey();
        AtomicLong until = pausedUntilNanos.get(account);
        long now = nanoTime.getAsLong();
        AtomicLong next = nextSlotNanos.computeIfAbsent(account, key -> new AtomicLong(now));
        long pauseEnd = until == null ? now : Math.max(until.get(), now);
        if (pauseEnd <= now && next.get() - now <= 0) {
            return 0;
        }
        long spacing = rateWindowNanos / Math.max(1, link.getLuckeyRequestsPerSecond());
        long slot = next.updateAndGet(previous -> Math.max(previous, pauseEnd) + spacing) - spacing;
        return Duration.ofNanos(slot - now).toMillis();
    }

    public void pauseFor(Link link, Duration retryAfter) {
        rateLimited.incrementAndGet();
        Duration pause = retryAfter.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : retryAfter;
        long now = nanoTime.getAsLong();
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
