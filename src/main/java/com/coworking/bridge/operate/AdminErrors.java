package com.coworking.bridge.operate;

import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import com.coworking.bridge.db.DatabaseNotReady;

/**
 * How the admin API answers a refusal or a failure: a status and {@code {"error": {"code", "message"}}}. Codes are
 * stable for scripts: unauthorized (401), admin_api_off, unknown_user, unknown_link, unknown_dead_letter (404),
 * bad_request, bad_json, link_required (400), not_waiting (409), database_unavailable (503), internal_error (500).
 */
public final class AdminErrors {

    private static final Logger LOG = LoggerFactory.getLogger(AdminErrors.class);

    public Map<String, Object> answer(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        AdminRefusal refusal = refusal(caught);
        if (refusal.status() >= 500) {
            LOG.error("Admin API: {} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH), caught);
        }
        exchange.getMessage().removeHeaders("*", "WWW-Authenticate");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, refusal.status());
        return Map.of("error", Map.of("code", refusal.code(), "message", refusal.getMessage()));
    }

    private static AdminRefusal refusal(Exception caught) {
        if (caught instanceof AdminRefusal refusal) {
            return refusal;
        }
        if (caught instanceof LinkOperations.UnknownUser) {
            return new AdminRefusal(404, "unknown_user", caught.getMessage());
        }
        if (caught instanceof IllegalArgumentException) {
            return new AdminRefusal(400, "bad_request", caught.getMessage());
        }
        if (caught instanceof IllegalStateException) {
            return new AdminRefusal(409, "not_waiting", caught.getMessage());
        }
        if (caught instanceof DatabaseNotReady || caught instanceof CannotGetJdbcConnectionException
                || caught instanceof DataAccessResourceFailureException) {
            return new AdminRefusal(503, "database_unavailable", "The database cannot be reached; try again shortly");
        }
        return new AdminRefusal(500, "internal_error", "The request failed; the bridge's log says why");
    }
}
