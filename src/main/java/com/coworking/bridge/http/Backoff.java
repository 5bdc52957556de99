package com.coworking.bridge.http;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * Retries after a passing trouble (429 or 5xx from Spacebring; 5xx or no connection to Luckey): exponential backoff
 * with jitter, waited out by Camel's scheduler (no thread sleeps).
 */
public final class Backoff {

    private Backoff() {
    }

    public static RedeliveryPolicy policy(int maximum, long firstDelayMs, long maximumDelayMs) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maximum);
        policy.setRedeliveryDelay(firstDelayMs);
        policy.setMaximumRedeliveryDelay(maximumDelayMs);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setAsyncDelayedRedelivery(true);
        return policy;
    }
}
