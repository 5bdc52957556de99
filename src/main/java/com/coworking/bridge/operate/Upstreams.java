package com.coworking.bridge.operate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import com.coworking.bridge.base.Errors;
import com.coworking.bridge.link.Link;

/**
 * What the answers of Spacebring and of each link's Luckey account say of them, from every call the routes send: an
 * upstream is in trouble once its calls have failed - no answer, a 5xx, or its credentials refused (401, 403) - with
 * no success for {@link #TROUBLE_AFTER}, so one failed call never flips health. A 429 or a 404 is an answer.
 */
public final class Upstreams extends EventNotifierSupport {

    /** How long calls must fail, with no success between, before health says so. */
    static final Duration TROUBLE_AFTER = Duration.ofSeconds(60);
    static final String SPACEBRING = "spacebring";

    /** Since when an upstream has failed without a success, and the last failure. */
    record Trouble(Instant since, String lastError) {
    }

    private final String spacebringBaseUrl;
    private final Clock clock;
    private final Map<String, Trouble> failing = new ConcurrentHashMap<>();

    public Upstreams(String spacebringBaseUrl, Clock clock) {
        this.spacebringBaseUrl = spacebringBaseUrl;
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /** Camel times a send, and tells when it was sent, only if someone takes the event that it is being sent. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent || event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
            return;
        }
        String uri = sent.getEndpoint().getEndpointUri();
        Exchange exchange = sent.getExchange();
        String upstream;
        if (uri.startsWith(spacebringBaseUrl)) {
            upstream = SPACEBRING;
        } else if (uri.startsWith("http://luckey") && exchange.getProperty("link") instanceof Link link) {
            upstream = "luckey." + link.name();
        } else {
            return;
        }
        String failure = failure(exchange);
        if (failure == null) {
            failing.remove(upstream);
        } else {
            failing.compute(upstream, (name, before) -> new Trouble(before == null ? clock.instant() : before.since(), failure));
        }
    }

    /** Why the call failed, or null when it was answered (any 2xx, 404 or 429 among them). */
    private static String failure(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (exchange.getException() instanceof HttpOperationFailedException refused) {
            status = refused.getStatusCode();
        } else if (exchange.getException() != null) {
            return Errors.describe(exchange.getException());
        }
        if (status == null) {
            return null;
        }
        if (status == 401 || status == 403) {
            return "its credentials were refused (" + status + ")";
        }
        return status >= 500 ? "it answered " + status : null;
    }

    /** The upstreams whose calls have failed, with no success, for at least {@link #TROUBLE_AFTER}. */
    Map<String, Trouble> inTrouble() {
        Instant now = clock.instant();
        Map<String, Trouble> trouble = new TreeMap<>();
        failing.forEach((upstream, since) -> {
            if (Duration.between(since.since(), now).compareTo(TROUBLE_AFTER) >= 0) {
                trouble.put(upstream, since);
            }
        });
        return trouble;
    }
}
