package com.coworking.bridge.sync;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs before each new try of a failed step and counts it: Camel forgets its own count once a failure is
 * handled, and a dead letter records how many times the action was tried.
 */
public final class RetryCounter implements Processor {

    /** Exchange property with the number of retries made so far. */
    public static final String RETRIES = "retries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(RETRIES, exchange.getProperty(RETRIES, 0, Integer.class) + 1);
    }
}
