package com.coworking.bridge.luckey;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sorts out Luckey's answer: 2xx passes; 429, 5xx, 423 and 401 become the exceptions the error handling
 * retries or reports; other 4xx pass too, for the calling route to decide (409 adopt, 404 not_member...).
 */
public final class LuckeyResponseCheck {

    private final LuckeyAccount account;

    public LuckeyResponseCheck(LuckeyAccount account) {
        this.account = account;
    }

    public void check(Exchange exchange) throws LuckeyFailure {
        Message answer = exchange.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String call = exchange.getProperty("luckeyCall", String.class);
        if (status == 429) {
            throw new LuckeyFailure.RateLimited("Luckey rate limit on " + call, retryAfter(answer.getHeader("Retry-After", String.class)));
        }
        if (status >= 500) {
            throw new LuckeyFailure.Unavailable("Luckey answered " + status + " to " + call);
        }
        if (status == 423) {
            throw new LuckeyFailure.AccountFrozen("Luckey account frozen (423 account_frozen) on " + call);
        }
        if (status == 401) {
            throw new LuckeyFailure.Rejected("Luckey refused the credentials (401) on " + call
                    + "; check LUCKEY_CLIENT_ID and LUCKEY_CLIENT_SECRET");
        }
        if (status / 100 == 2) {
            account.writeSucceeded();
        }
    }

    private static long retryAfter(String header) {
        try {
            return header == null ? 1 : Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException httpDate) {
            return 1;
        }
    }
}
