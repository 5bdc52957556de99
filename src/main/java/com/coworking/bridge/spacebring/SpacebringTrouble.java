package com.coworking.bridge.spacebring;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Whether a failed Spacebring call is worth trying again: 429, 5xx, or Spacebring not reached at all. */
public final class SpacebringTrouble {

    public boolean passes(Exchange exchange) {
        Exception caught = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof HttpOperationFailedException refused) {
            return refused.getStatusCode() == 429 || refused.getStatusCode() >= 500;
        }
        return caught instanceof IOException;
    }
}
