package com.coworking.bridge.spacebring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The one Spacebring budget, shared by links: polls of different links take turns. */
class SpacebringBudgetTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    private Exchange poll(String link) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("poll", "a poll pass");
        exchange.setProperty("link", link);
        return exchange;
    }

    @Test
    void aBusyLocationsPollDoesNotStarveAnotherLinksPoll() throws Exception {
        SpacebringBudget budget = new SpacebringBudget(20);
        for (int i = 0; i < 20; i++) {
            budget.take(poll("warm-up"));
        }
        List<String> order = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(5);
        CountDownLatch done = new CountDownLatch(5);
        // The window is full for a second: Milano's full sync (four threads) and Roma's poll (one) all wait for it
        for (String link : List.of("milano", "milano", "milano", "milano", "roma")) {
            threads.submit(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        budget.take(poll(link));
                        order.add(link);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        threads.shutdown();

        // Taking turns, Roma's ten requests are among the first twenty or so; first come first served, they would
        // be spread over all fifty
        assertThat(order.lastIndexOf("roma")).as("Roma's last request, of 50: %s", order).isLessThan(30);
        assertThat(budget.requestCount()).isEqualTo(70);
    }

    @Test
    void aPurchaseQueuedBehind300BackgroundLookupsIsServedNext() throws Exception {
        SpacebringBudget budget = new SpacebringBudget(8);
        List<String> order = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(301);
        // A full sync's page reads: 300 of them, far more than a second's 8 slots
        for (int i = 0; i < 300; i++) {
            threads.submit(() -> {
                try {
                    budget.take(poll("full-sync"));
                    order.add("page");
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        while (order.size() < 8) {
            Thread.sleep(10);
        }
        int pagesBefore = order.size();
        CountDownLatch served = new CountDownLatch(1);
        threads.submit(() -> {
            try {
                budget.take(new DefaultExchange(camel));
                order.add("purchase");
                served.countDown();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(served.await(5, TimeUnit.SECONDS)).as("served within the next window").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (order.size() <= pagesBefore + 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        threads.shutdownNow();
        assertThat(order.indexOf("purchase")).as("the purchase's lookup, after %d pages: %s", pagesBefore, order)
                .isLessThanOrEqualTo(pagesBefore + 1);
        assertThat(order.size()).as("the pages go on with the slots the doors leave").isGreaterThan(pagesBefore + 1);
    }
}
