package com.coworking.bridge.spacebring;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;

import com.coworking.bridge.base.LastMinute;

/**
 * The one rate limit of every Spacebring call (spacebring.requests-per-second, below Spacebring's 10 per second),
 * shared by every link: at most that many requests in any second, sent as soon as the window allows. A webhook's
 * lookup goes before the poll's pages, so a poll of a large location never makes a member who just paid wait for the
 * door. Polls share the rest fairly: while several links poll, none takes more than its equal part of the window,
 * so the full sync of a large location never starves the poll of a small one.
 */
public final class SpacebringBudget {

    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);
    /** How long a poll request waits before looking again while others have the right of way. */
    private static final long YIELD_MILLIS = 5;

    /** A request sent in the window: when, and for which link's poll (null: a webhook's lookup). */
    private record Sent(long at, String pollOf) {
    }

    private final int perSecond;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private final LastMinute requestsLastMinute = new LastMinute();
    private final AtomicLong waitedNanos = new AtomicLong();
    private int liveWaiting;
    private final Map<String, Integer> pollsWaiting = new HashMap<>();

    public SpacebringBudget(int perSecond) {
        this.perSecond = Math.max(1, perSecond);
    }

    /**
     * Waits for a slot in the window; lookups of a poll (exchange properties {@code poll} and {@code link}) give way
     * to all others, and to polls of other links that had less of the window.
     */
    public void take(Exchange exchange) throws InterruptedException {
        String pollOf = exchange.getProperty("poll") == null ? null : String.valueOf(exchange.getProperty("link"));
        boolean live = pollOf == null;
        long start = System.nanoTime();
        synchronized (this) {
            if (live) {
                liveWaiting++;
            } else {
                pollsWaiting.merge(pollOf, 1, Integer::sum);
            }
            try {
                while (true) {
                    long now = System.nanoTime();
                    while (!sent.isEmpty() && now - sent.peekFirst().at() >= WINDOW) {
                        sent.pollFirst();
                    }
                    boolean room = sent.size() < perSecond;
                    if (room && (live || liveWaiting == 0 && withinFairShare(pollOf))) {
                        sent.addLast(new Sent(now, pollOf));
                        requests.incrementAndGet();
                        requestsLastMinute.add();
                        waitedNanos.addAndGet(now - start);
                        return;
                    }
                    long waitMillis = room ? YIELD_MILLIS : TimeUnit.NANOSECONDS.toMillis(WINDOW - (now - sent.peekFirst().at())) + 1;
                    wait(Math.max(1, waitMillis));
                }
            } finally {
                if (live) {
                    liveWaiting--;
                } else {
                    pollsWaiting.computeIfPresent(pollOf, (name, waiting) -> waiting == 1 ? null : waiting - 1);
                }
                notifyAll();
            }
        }
    }

    /** The link's polls had less than an equal part of the window among the links polling now (sent or waiting). */
    private boolean withinFairShare(String link) {
        Set<String> polling = new HashSet<>(pollsWaiting.keySet());
        int mine = 0;
        for (Sent request : sent) {
            if (request.pollOf() != null) {
                polling.add(request.pollOf());
                mine += link.equals(request.pollOf()) ? 1 : 0;
            }
        }
        return polling.size() <= 1 || mine < Math.max(1, perSecond / polling.size());
    }

    public long requestCount() {
        return requests.get();
    }

    public long requestsInTheLastMinute() {
        return requestsLastMinute.count();
    }

    /** Total time requests waited for the budget, in milliseconds. */
    public long waitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos.get());
    }
}
