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
}
