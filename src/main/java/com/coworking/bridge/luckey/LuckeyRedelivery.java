package com.coworking.bridge.luckey;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before each new try of a Luckey call. It counts the retries (Camel forgets its own count once a
 * failure is handled, and the dead letter records it), and after a 429 it waits out Luckey's Retry-After,
 * so the next try comes no sooner than Luckey asked.
 */
public final class LuckeyRedelivery implements Processor {

    /** Exchange property with the number of retries made so far. */
    public static final String RETRIES = "luckeyRetries";

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyRedelivery.class);
    private static final long MAX_WAIT_SECONDS = 300;

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        exchange.setProperty(RETRIES, exchange.getProperty(RETRIES, 0, Integer.class) + 1);
        Exception caught = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof LuckeyFailure.RateLimited limited) {
            long seconds = Math.min(limited.getRetryAfterSeconds(), MAX_WAIT_SECONDS);
            LOG.info("Luckey asked to wait {} s (Retry-After) before the next try", seconds);
            Thread.sleep(seconds * 1000);
        }
    }
}
