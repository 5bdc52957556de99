package com.coworking.bridge.poll;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.coworking.bridge.link.Link;

/**
 * One poll of a link's location, as the exchange property {@code poll} of the poll route: which row of
 * {@code poll_run} it is, whether it is a full sync (every user of the location is reconciled), and its counts so
 * far. Polls of several links run at the same time, each with its own pass.
 *
 * @param pagesOfList  pages read so far per list (by the tables it writes)
 * @param writes       the pages being written to the mirror, per list, by the threads of {@code writer}
 * @param failure      why the poll failed, once one of its lists failed: then nothing is swept
 * @param zone         the location's time zone (dates without an offset are local to it), read once per poll
 * @param planTitles   the plan titles this poll stored, by plan: each is written once per poll, not once per page
 * @param from, to     the bookings and visits the poll reads: those overlapping this range
 */
public record PollPass(long id, Link link, boolean fullSync, PollProgress progress, AtomicInteger unreadable,
                       Map<String, Integer> pagesOfList, Map<String, PageWrites> writes, Executor writer,
                       AtomicReference<String> failure, AtomicReference<ZoneId> zone, Map<String, String> planTitles,
                       Instant from, Instant to) {

    PollPass(long id, Link link, boolean fullSync, PollProgress progress, Executor writer, Instant from, Instant to) {
        this(id, link, fullSync, progress, new AtomicInteger(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                writer, new AtomicReference<>(), new AtomicReference<>(), new ConcurrentHashMap<>(), from, to);
    }

    public String locationRef() {
        return link.locationRef();
    }

    /** The writes of one list: its pages in order, side by side with the other lists'. */
    PageWrites writesOf(String list) {
        return writes.computeIfAbsent(list, name -> new PageWrites(writer));
    }

    /** Waits until every list's pages are written; the first failure is thrown. */
    void awaitWrites() {
        writes.values().forEach(PageWrites::awaitAll);
    }
}
