package com.coworking.bridge.poll;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The mirror writes of one list of a poll, one page at a time and in the order the pages were read, each on a worker
 * thread while the poll reads the next page: the database and Spacebring work side by side. At most one page waits,
 * so memory stays flat. A failed write fails the poll at its next page or at its end, never silently.
 */
final class PageWrites {

    private final Executor executor;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    PageWrites(Executor executor) {
        this.executor = executor;
    }

    /** Waits for the page before (rethrowing its failure), then writes this one in the background. */
    synchronized void add(Runnable write) {
        awaitAll();
        last = CompletableFuture.runAsync(write, executor);
    }

    /** Waits until every page is written; the first failure is thrown as it was. */
    synchronized void awaitAll() {
        try {
            last.join();
        } catch (CompletionException e) {
            last = CompletableFuture.completedFuture(null);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
