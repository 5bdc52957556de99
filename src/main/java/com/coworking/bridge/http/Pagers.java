package com.coworking.bridge.http;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** Starts walks through paged lists (the routes' pager template), with the page cap from the settings. */
public final class Pagers {

    private final int maxPages;

    public Pagers(int maxPages) {
        this.maxPages = maxPages;
    }

    /**
     * A new walk from the first request in the body; or, when the step calling the pager is tried again after a
     * failure, the walk that failure interrupted - it goes on with the page that failed, not with page one.
     */
    public Paging start(@Body Object first, @ExchangeProperty("paging") Paging interrupted, String cursor) {
        if (interrupted != null && interrupted.isMore() && !(first instanceof HttpCall)) {
            return interrupted;
        }
        if (!(first instanceof HttpCall call)) {
            throw new IllegalArgumentException("A pager starts from an HttpCall, not " + first);
        }
        return new Paging(call, Paging.Cursor.valueOf(cursor), maxPages);
    }

    /** Takes in one page: the walk decides whether there is a next one. */
    public void observe(Paging paging, Object page) {
        paging.observe(page);
    }

    /** Fails the walk that did not reach its last page, naming why. */
    public void requireComplete(Paging paging) throws IncompleteList {
        if (!paging.isComplete()) {
            throw new IncompleteList("The list " + paging.getNextRequest() + " stopped after " + paging.getPages()
                    + " page(s): " + paging.getStopReason());
        }
    }
}
