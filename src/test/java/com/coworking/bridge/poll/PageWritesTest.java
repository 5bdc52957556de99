package com.coworking.bridge.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageWritesTest {

    private final ExecutorService writers = Executors.newCachedThreadPool();
    private final PageWrites writes = new PageWrites(writers);

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    @Test
    void pagesAreWrittenOneAtATimeInTheOrderRead() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        for (int page = 1; page <= 20; page++) {
            int n = page;
            writes.add(() -> {
                sleep(n % 3);
                written.add(n);
            });
        }
        writes.awaitAll();

        assertThat(written).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    }

    @Test
    void theNextPageIsReadWhileOneIsWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean written = new AtomicBoolean();
        writes.add(() -> {
            await(release);
            written.set(true);
        });

        assertThat(written).as("add returned while the page is still being written").isFalse();
        release.countDown();
        writes.awaitAll();
        assertThat(written).isTrue();
    }

    @Test
    void aFailedWriteFailsTheNextPageAndIsNeverLost() {
        writes.add(() -> {
            throw new IllegalStateException("database gone");
        });

        assertThatThrownBy(() -> writes.add(() -> { })).isInstanceOf(IllegalStateException.class).hasMessage("database gone");

        writes.add(() -> {
            throw new IllegalArgumentException("unreadable page");
        });
        assertThatThrownBy(writes::awaitAll).isInstanceOf(IllegalArgumentException.class).hasMessage("unreadable page");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
