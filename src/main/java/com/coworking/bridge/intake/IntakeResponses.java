package com.coworking.bridge.intake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.spacebring.SpacebringIds;

/**
 * The answers of the webhook endpoint: a receipt, or {@code {"error": {"code", "message"}}}. Each drops the
 * request's headers first, so none is echoed back.
 */
public final class IntakeResponses {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeResponses.class);

    private static final Duration UNAVAILABLE_LOG_EVERY = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong unavailableReported = new AtomicLong();
    private final AtomicReference<Instant> unavailableLogged = new AtomicReference<>(Instant.EPOCH);

    /** 200: the webhook is in the inbox (committed). */
    public void stored(Exchange exchange) throws JsonProcessingException {
        receipt(exchange, "stored");
    }

    /** 200: the svix-id was already in the inbox (a re-delivery); nothing changed. */
    public void duplicate(Exchange exchange) throws JsonProcessingException {
        receipt(exchange, "duplicate");
    }

    /** The request was refused by a check of the intake route; the exception says how. */
    public void rejected(Exchange exchange) {
        WebhookRejected rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejected.class);
        String id = exchange.getMessage().getHeader("svix-id", String.class);
        LOG.warn("Refused webhook {}: {} {} - {}", id == null || id.isBlank() ? "without svix-id" : SpacebringIds.shown(id),
                rejection.getStatus(), rejection.getCode(), rejection.getMessage());
        answer(exchange, rejection.getStatus(), errorJson(rejection.getCode(), rejection.getMessage()));
    }

    /**
     * 503 so that Svix delivers the webhook again later; nothing was stored. Once the database is known to be away these
     * answers come at once, so a sender's retries could fill the log: one line when they start, then one every ten
     * seconds with how many.
     */
    public void databaseUnavailable(Exchange exchange) {
        long refused = unavailable.incrementAndGet();
        Instant now = Instant.now();
        Instant last = unavailableLogged.get();
        if (Duration.between(last, now).compareTo(UNAVAILABLE_LOG_EVERY) >= 0 && unavailableLogged.compareAndSet(last, now)) {
            Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.error("Database unreachable: webhook {} answered 503 for a later retry ({} so answered since the last such line): {}",
                    SpacebringIds.shown(String.valueOf(exchange.getMessage().getHeader("svix-id"))), refused - unavailableReported.getAndSet(refused),
                    caught == null ? "not reached" : caught.getMessage());
        }
        answer(exchange, 503, errorJson("database_unavailable",
                "The bridge cannot reach its database; the webhook was not stored, please retry later"));
    }

    public void internalError(Exchange exchange) {
        answer(exchange, 500, errorJson("internal_error", "The webhook could not be stored; please retry later"));
    }

    public String errorJson(String code, String message) {
        try {
            return json.writeValueAsString(Map.of("error", Map.of("code", code, "message", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Two strings always serialise", e);
        }
    }

    private void receipt(Exchange exchange, String result) throws JsonProcessingException {
        Map<?, ?> row = exchange.getMessage().getBody(Map.class);
        answer(exchange, 200, json.writeValueAsString(Map.of("svixId", row.get("svixId"), "eventType", row.get("eventType"),
                "result", result)));
    }

    private static void answer(Exchange exchange, int status, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // A ByteBuffer is written at once with its Content-Length; a String goes out chunked, a byte[] as a stream
        message.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }
}
