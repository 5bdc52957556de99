package com.coworking.bridge.mirror;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Coalesces a batch of claimed webhooks: several about the same subscription, user, company or location need one
 * lookup, since the bridge fetches the current state anyway. The newest of each is applied; the older ones are
 * marked done with the webhook that stands for them. A burst of retries or updates costs one request, not many.
 */
public final class InboxBatch {

    private final JdbcTemplate jdbc;

    public InboxBatch(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public List<Map<String, Object>> coalesce(@Body List<Map<String, Object>> claimed) {
        Map<String, Map<String, Object>> newest = new LinkedHashMap<>();
        List<Map<String, Object>> unkeyed = new ArrayList<>();
        for (Map<String, Object> webhook : claimed) {
            String key = key(webhook);
            if (key == null) {
                unkeyed.add(webhook);
            } else {
                newest.remove(key);
                newest.put(key, webhook);
            }
        }
        for (Map<String, Object> webhook : claimed) {
            String key = key(webhook);
            Map<String, Object> standsFor = key == null ? webhook : newest.get(key);
            if (standsFor != webhook) {
                jdbc.update("update inbox set status = 'done', processed_at = now(), reason = ? where id = ?",
                        "coalesced: webhook " + standsFor.get("id") + " fetched the same " + key.substring(0, key.indexOf(':')),
                        webhook.get("id"));
            }
        }
        List<Map<String, Object>> apply = new ArrayList<>(unkeyed);
        apply.addAll(newest.values());
        apply.sort((a, b) -> Long.compare(((Number) a.get("id")).longValue(), ((Number) b.get("id")).longValue()));
        return apply;
    }

    /** What a webhook makes the bridge fetch: the same key, the same lookup. */
    private static String key(Map<String, Object> webhook) {
        String type = String.valueOf(webhook.get("event_type"));
        String family = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
        Object ref = switch (family) {
            case "subscription" -> webhook.get("subscription_ref");
            case "membership" -> webhook.get("user_ref");
            case "company" -> webhook.get("company_ref");
            case "location" -> webhook.get("location_ref");
            default -> null;
        };
        return ref == null ? null : family + ":" + ref;
    }
}
