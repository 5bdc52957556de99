package com.coworking.bridge.poll;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.coworking.bridge.link.Link;

/**
 * One poll of a link's location, as the exchange property {@code poll} of the poll route: which row of
 * {@code poll_run} it is, whether it is a full sync (every user of the location is reconciled), and its counts so
 * far. Polls of several links run at the same time, each with its own pass.
 *
 * @param pagesOfList  pages read so far per list (by the tables it writes)
 * @param usersQueued users this poll queued so far because their rows changed (counted as they are, for the log)
 */
public record PollPass(long id, Link link, boolean fullSync, PollProgress progress, AtomicInteger unreadable,
                       Map<String, Integer> pagesOfList, AtomicInteger usersQueued) {

    PollPass(long id, Link link, boolean fullSync, PollProgress progress) {
        this(id, link, fullSync, progress, new AtomicInteger(), new ConcurrentHashMap<>(), new AtomicInteger());
    }

    public String locationRef() {
        return link.locationRef();
    }
}
