package com.coworking.bridge.spacebring;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import com.coworking.bridge.base.LastMinute;

/** Whether a failed Spacebring call is worth trying again: 429, 5xx, or Spacebring not reached at all. */
public final class SpacebringTrouble {

    private final AtomicLong rateLimited = new AtomicLong();
    private final LastMinute rateLimitedLastMinute = new LastMinute();

    public boolean passes(Exchange exchange) {
        Exception caught = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof HttpOperationFailedException refused) {
            if (refused.getStatusCode() == 429) {
                rateLimited.incrementAndGet();
                rateLimitedLastMinute.add();
            }
            return refused.getStatusCode() == 429 || refused.getStatusCode() >= 500;
        }
        return caught instanceof IOException;
    }

    /** Spacebring's 429 answers since start. */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    public long rateLimitedInTheLastMinute() {
        return rateLimitedLastMinute.count();
    }
}
