package com.coworking.bridge.sync;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.base.Errors;
import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.luckey.LuckeyResult;

/** Every action with its link, who, what, why, the result and when: the table {@code audit_log}, and one log line. */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** The result of an action decided under dry run. */
    public static final String DRY_RUN = "dry run: not sent";

    private final JdbcTemplate jdbc;
    private final LinkStats stats;

    public AuditLog(DataSource dataSource, LinkStats stats) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.stats = stats;
    }

    /** The action was carried out; the adapter's result says how (created, adopted, added, ...). */
    public void done(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action, @Body LuckeyResult result) {
        record(link, action, result.outcome(), null);
    }

    /** The action was not carried out: retries exhausted or refused; a dead letter holds it. */
    public void failed(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action, Exchange exchange) {
        record(link, action, "failed", Errors.caught(exchange));
    }

    /** The action was held back because the Luckey account is frozen; the user is tried again later. */
    public void heldBackWhileFrozen(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action) {
        record(link, action, "not written", "Luckey account frozen (423); tried again later");
    }

    /** Dry run: the action was decided and would have been sent; nothing was written to Luckey. */
    public void dryRun(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action) {
        record(link, action, DRY_RUN, "nothing was written to Luckey");
    }

    /**
     * An operator's operation on a link (JMX or the admin API): what, with which arguments, the outcome, and who -
     * the authenticated JMX user or admin token holder, as far as the channel tells.
     */
    public void operation(Link link, String operation, String result, String by) {
        jdbc.update("insert into audit_log (link, action, cause, result, detail) values (?, 'operation', ?, ?, ?)", link.name(),
                operation, result, "by " + by);
        LOG.info("{}: operation {} by {}: {}", link.name(), operation, by, result);
    }

    /** No readable answer came: whether Luckey applied it is unknown until the user is read back. */
    public void outcomeUnknown(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action,
                               Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        record(link, action, "outcome unknown", (cause == null ? "the same decision was already attempted" : cause.getMessage())
                + "; Luckey is read back before the next try");
    }

    /** A row or webhook from Spacebring with a value the bridge cannot read: left out, the rest goes on. */
    public void unreadable(String what, String reason) {
        jdbc.update("insert into audit_log (action, cause, result, detail) values ('read', ?, 'unreadable', ?)", what, reason);
        LOG.warn("read {}: unreadable, left out ({})", what, reason);
    }

    /** A difference between a managed tag in Luckey and what the bridge confirmed. */
    public void drift(Link link, LuckeyAction action, String result) {
        record(link, action, "drift: " + result, null);
    }

    private void record(Link link, LuckeyAction action, String result, String detail) {
        countIn(link, action, result, detail);
        jdbc.update("""
                insert into audit_log (link, user_ref, email, action, tag, cause, result, detail, idempotency_key)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                link.name(), action.userRef(), action.email(), action.type(), action.tagName(), action.cause(), result, detail,
                action.idempotencyKey());
        if (result.startsWith("failed") || result.startsWith("not ") || result.startsWith("drift") || result.startsWith("outcome")
                || result.equals(DRY_RUN)) {
            LOG.warn("{}: {} {}{}: {} because {}{}", link.name(), action.type(), action.email(), tag(action), result, action.cause(), detail(detail));
        } else {
            LOG.info("{}: {} {}{}: {} because {}{}", link.name(), action.type(), action.email(), tag(action), result, action.cause(), detail(detail));
        }
    }

    private void countIn(Link link, LuckeyAction action, String result, String detail) {
        if (result.equals("failed")) {
            stats.count(link, action.type() + " failed");
            stats.error(link, action + ": " + detail);
        } else if (result.equals(DRY_RUN)) {
            stats.count(link, action.type() + " dry run");
        } else if (result.startsWith("not ")) {
            stats.count(link, action.type() + " held back");
        } else if (result.startsWith("outcome")) {
            stats.count(link, action.type() + " outcome unknown");
        } else if (!result.startsWith("drift")) {
            stats.count(link, action.type() + " done");
        }
    }

    private static String tag(LuckeyAction action) {
        return action.tagName() == null ? "" : " [" + action.tagName() + "]";
    }

    private static String detail(String detail) {
        return detail == null || detail.isBlank() ? "" : " (" + detail + ")";
    }
}
