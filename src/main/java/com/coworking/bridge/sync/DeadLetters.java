package com.coworking.bridge.sync;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.base.Errors;
import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.link.Link;

/**
 * Actions that failed for good (retries exhausted or refused), with their link, kept whole so they can be replayed. The same
 * failure of the same action again (the user is retried on a timer) adds to the open letter's attempts
 * instead of writing a new one.
 */
public final class DeadLetters {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetters(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void store(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action, Exchange exchange)
            throws JsonProcessingException {
        String error = Errors.caught(exchange);
        int attempts = 1 + exchange.getProperty(Retries.RETRIES, 0, Integer.class);
        String actionJson = json.writeValueAsString(action);
        int updated = jdbc.update("""
                update dead_letter set attempts = attempts + ?, last_at = now(), action_json = ?
                where replayed_at is null and link = ? and user_ref = ? and action = ? and tag_key is not distinct from ? and error = ?""",
                attempts, actionJson, link.name(), action.userRef(), action.type(), action.tagKey(), error);
        if (updated == 0) {
            jdbc.update("insert into dead_letter (link, user_ref, action, tag_key, action_json, error, attempts, last_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, now())", link.name(), action.userRef(), action.type(), action.tagKey(), actionJson,
                    error, attempts);
        }
    }

    /** A webhook whose data the bridge cannot read: audited and kept as a dead letter, besides its inbox reason. */
    public void unreadableWebhook(@ExchangeProperty("webhook") java.util.Map<String, Object> webhook, Exchange exchange)
            throws JsonProcessingException {
        String reason = Errors.caught(exchange);
        unreadable("webhook", String.valueOf(webhook.get("id")), json.writeValueAsString(webhook), reason);
        jdbc.update("insert into audit_log (action, cause, result, detail) values ('read', ?, 'unreadable', ?)",
                "webhook " + webhook.get("id") + " (" + webhook.get("event_type") + ")", reason);
    }

    /** A row from Spacebring the bridge cannot read, kept whole (the same row again adds to its attempts). */
    public void unreadable(String kind, String id, String json, String reason) {
        String key = kind + ":" + id;
        if (jdbc.update("update dead_letter set attempts = attempts + 1, last_at = now(), action_json = ?, error = ? "
                + "where replayed_at is null and action = 'read' and tag_key = ?", json, reason, key) == 0) {
            jdbc.update("insert into dead_letter (action, tag_key, action_json, error, attempts, last_at) values ('read', ?, ?, ?, 1, now())",
                    key, json, reason);
        }
    }
}
