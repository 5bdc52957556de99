package com.coworking.bridge.spacebring;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

import com.coworking.bridge.http.Backoff;

/** Spacebring's REST API as the routes of spacebring-client.camel.yaml call it: requests, budget, retries. */
public class SpacebringConfiguration implements CamelConfiguration {

    @BindToRegistry("spacebring")
    public SpacebringRequests spacebring() {
        return new SpacebringRequests();
    }

    @BindToRegistry("spacebringBudget")
    public SpacebringBudget spacebringBudget(@PropertyInject("spacebring.requests-per-second") int requestsPerSecond) {
        return new SpacebringBudget(requestsPerSecond);
    }

    @BindToRegistry("spacebringTrouble")
    public SpacebringTrouble spacebringTrouble() {
        return new SpacebringTrouble();
    }

    /** A stop cuts Spacebring's retries short: the webhook stays pending, the poll runs at the next start. */
    @BindToRegistry("spacebringRetries")
    public RedeliveryPolicy spacebringRetries(@PropertyInject("spacebring.retry.max") int maximum,
            @PropertyInject("spacebring.retry.initial-delay-ms") long firstDelayMs,
            @PropertyInject("spacebring.retry.max-delay-ms") long maximumDelayMs) {
        RedeliveryPolicy retries = Backoff.policy(maximum, firstDelayMs, maximumDelayMs);
        retries.setAllowRedeliveryWhileStopping(false);
        return retries;
    }
}
