package com.coworking.bridge.spacebring;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;

/**
 * The one rate limit of every Spacebring call (spacebring.requests-per-second, below Spacebring's 10 per second):
 * at most that many requests in any second, sent as soon as the window allows. A webhook's lookup goes before
 * the poll's pages, so a poll of a large location never makes a member who just paid wait for the door.
 */
public final class SpacebringBudget {

    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);
    /** How long a poll request waits before looking again while webhook lookups are waiting. */
    private static final long YIELD_MILLIS = 5;

    private final int perSecond;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private int liveWaiting;

    public SpacebringBudget(int perSecond) {
        this.perSecond = Math.max(1, perSecond);
    }

    /** Waits for a slot in the window; lookups of the poll (exchange property {@code poll}) give way to all others. */
    public void take(Exchange exchange) throws InterruptedException {
        boolean live = exchange.getProperty("poll") == null;
        long start = System.nanoTime();
        synchronized (this) {
            if (live) {
                liveWaiting++;
            }
            try {
                while (true) {
                    long now = System.nanoTime();
                    while (!sent.isEmpty() && now - sent.peekFirst() >= WINDOW) {
                        sent.pollFirst();
                    }
                    boolean room = sent.size() < perSecond;
                    if (room && (live || liveWaiting == 0)) {
                        sent.addLast(now);
                        requests.incrementAndGet();
                        waitedNanos.addAndGet(now - start);
                        return;
                    }
                    long waitMillis = room ? YIELD_MILLIS : TimeUnit.NANOSECONDS.toMillis(WINDOW - (now - sent.peekFirst())) + 1;
                    wait(Math.max(1, waitMillis));
                }
            } finally {
                if (live) {
                    liveWaiting--;
                }
                notifyAll();
            }
        }
    }

    public long requestCount() {
        return requests.get();
    }

    /** Total time requests waited for the budget, in milliseconds. */
    public long waitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos.get());
    }
}
