package com.coworking.bridge.intake;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/** The JSON bodies the webhook endpoint answers with: a receipt, or {@code {"error": {"code", "message"}}}. */
public final class IntakeResponses {

    private final ObjectMapper json = new ObjectMapper();

    /** @param stored false when the svix-id was already in the inbox (a re-delivery) */
    public String receipt(Map<String, Object> inboxRow, boolean stored) throws JsonProcessingException {
        return json.writeValueAsString(Map.of(
                "svixId", inboxRow.get("svixId"),
                "eventType", inboxRow.get("eventType"),
                "result", stored ? "stored" : "duplicate"));
    }

    /** The request was refused by a check of the intake route; the exception says how. */
    public String rejected(Exchange exchange) {
        WebhookRejected rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejected.class);
        return error(exchange, rejection.getStatus(), rejection.getCode(), rejection.getMessage());
    }

    /** 503 so that Svix delivers the webhook again later; nothing was stored. */
    public String databaseUnavailable(Exchange exchange) {
        return error(exchange, 503, "database_unavailable",
                "The bridge cannot reach its database; the webhook was not stored, please retry later");
    }

    public String internalError(Exchange exchange) {
        return error(exchange, 500, "internal_error", "The webhook could not be stored; please retry later");
    }

    public String errorJson(String code, String message) {
        try {
            return json.writeValueAsString(Map.of("error", Map.of("code", code, "message", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Two strings always serialise", e);
        }
    }

    private String error(Exchange exchange, int status, String code, String message) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return errorJson(code, message);
    }
}
