package com.coworking.bridge.sync;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every action with who, what, why, the result and when: the table {@code audit_log}, and one log line. */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcTemplate jdbc;

    public AuditLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The action was carried out; {@code outcome} says how (created, adopted, added, ...). */
    public void done(@ExchangeProperty("action") LuckeyAction action, @ExchangeProperty("luckeyOutcome") String outcome) {
        record(action, outcome, null);
    }

    /** The action was not carried out: retries exhausted or refused; a dead letter holds it. */
    public void failed(@ExchangeProperty("action") LuckeyAction action, Exchange exchange) {
        record(action, "failed", DeadLetters.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
    }

    /** The action was held back because the Luckey account is frozen; the user is tried again later. */
    public void heldBackWhileFrozen(@ExchangeProperty("action") LuckeyAction action) {
        record(action, "not written", "Luckey account frozen (423); tried again later");
    }

    /** A difference between a managed tag in Luckey and what the bridge confirmed. */
    public void drift(LuckeyAction action, String result) {
        record(action, "drift: " + result, null);
    }

    private void record(LuckeyAction action, String result, String detail) {
        jdbc.update("""
                insert into audit_log (user_ref, email, action, tag, cause, result, detail, idempotency_key)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                action.userRef(), action.email(), action.type(), action.tagName(), action.cause(), result, detail,
                action.idempotencyKey());
        if (result.startsWith("failed") || result.startsWith("not ") || result.startsWith("drift")) {
            LOG.warn("{} {}{}: {} because {}{}", action.type(), action.email(), tag(action), result, action.cause(), detail(detail));
        } else {
            LOG.info("{} {}{}: {} because {}{}", action.type(), action.email(), tag(action), result, action.cause(), detail(detail));
        }
    }

    private static String tag(LuckeyAction action) {
        return action.tagName() == null ? "" : " [" + action.tagName() + "]";
    }

    private static String detail(String detail) {
        return detail == null || detail.isBlank() ? "" : " (" + detail + ")";
    }
}
