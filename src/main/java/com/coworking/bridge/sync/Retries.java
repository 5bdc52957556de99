package com.coworking.bridge.sync;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.luckey.LuckeyFailure;
import com.coworking.bridge.base.Errors;

/**
 * Runs before each new try of a failed step ({@code onRedeliveryRef} in routes/error-handling.camel.yaml). It logs
 * one line naming who is tried again and why, in place of Camel's "Failed delivery for (MessageId: ...)"; a 429 is
 * logged once by {@code luckeyGate} with its pause, so its retries only at DEBUG. And it counts the retries of an
 * action: Camel forgets its own count once a failure is handled, and a dead letter records how often it was tried.
 */
public final class Retries implements Processor {

    /** Exchange property with the number of retries of the action so far. */
    public static final String RETRIES = "retries";

    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

    @Override
    public void process(Exchange exchange) {
        LuckeyAction action = exchange.getProperty("action", LuckeyAction.class);
        if (action != null) {
            exchange.setProperty(RETRIES, exchange.getProperty(RETRIES, 0, Integer.class) + 1);
        }
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Integer retry = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer of = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        String line = "{}: tried again (retry {}{}) after {}";
        Object[] values = {who(exchange, action), retry, of == null ? "" : " of " + of, Errors.describe(caught)};
        if (caught instanceof LuckeyFailure.RateLimited) {
            LOG.debug(line, values);
        } else {
            LOG.warn(line, values);
        }
    }

    private static String who(Exchange exchange, LuckeyAction action) {
        Link link = exchange.getProperty("link", Link.class);
        if (action != null) {
            return "Link " + link + ": " + action.type() + " " + action.email() + (action.tagName() == null ? "" : " [" + action.tagName() + "]");
        }
        if (exchange.getProperty("userRef") != null) {
            return "Link " + link + ": reading user " + exchange.getProperty("userRef") + " back from Luckey";
        }
        if (exchange.getProperty("webhook") instanceof Map<?, ?> webhook) {
            return "Webhook " + webhook.get("id") + " (" + webhook.get("event_type") + ")";
        }
        return link == null ? "A call" : "Link " + link + ": poll of location " + link.locationRef();
    }
}
