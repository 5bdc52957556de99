package com.coworking.bridge.link;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.coworking.bridge.base.LastMinute;

/**
 * What this bridge did for each link since it started, counted in memory as it happens (so reading them costs
 * nothing): actions by type and outcome, Luckey requests and 429s (in all, and in the last minute), and the last error.
 */
public final class LinkStats {

    /** The figures of one link. */
    public static final class Figures {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        private final Map<String, LastMinute> lastMinute = new ConcurrentHashMap<>();
        private volatile String lastError = "none";

        public long count(String what) {
            AtomicLong count = counts.get(what);
            return count == null ? 0 : count.get();
        }

        /** How many in the last 60 seconds. */
        public long lastMinute(String what) {
            LastMinute count = lastMinute.get(what);
            return count == null ? 0 : count.count();
        }

        public String lastError() {
            return lastError;
        }
    }

    private final Map<String, Figures> figures = new ConcurrentHashMap<>();

    public Figures of(String link) {
        return figures.computeIfAbsent(link, name -> new Figures());
    }

    /** Counts one event, such as {@code grant done}, {@code invite failed} or {@code luckey 429}. */
    public void count(Link link, String what) {
        Figures figures = of(link.name());
        figures.counts.computeIfAbsent(what, key -> new AtomicLong()).incrementAndGet();
        figures.lastMinute.computeIfAbsent(what, key -> new LastMinute()).add();
    }

    public void error(Link link, String error) {
        of(link.name()).lastError = Instant.now() + " " + error;
    }
}
