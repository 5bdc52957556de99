package com.coworking.bridge.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.LuckeyAction;
import com.coworking.bridge.sync.SyncQueue;

/**
 * Compares the members of a managed tag, as read from Luckey, with what the bridge confirmed. Anyone
 * else in the tag, or anyone missing from it, is drift: recorded in the audit log and, when enforcement
 * is on, repaired through the usual action path. Tags the bridge does not manage are never read.
 */
public final class DriftCheck {

    /** Someone in a managed tag whom the bridge does not know: removed in Luckey when enforcement is on. */
    public record Stranger(LuckeyAction action, String luckeyUserId) {
    }

    private final JdbcTemplate jdbc;
    private final SyncQueue queue;
    private final AuditLog audit;
    private final boolean enforce;

    public DriftCheck(DataSource dataSource, SyncQueue queue, AuditLog audit, boolean enforce) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.queue = queue;
        this.audit = audit;
        this.enforce = enforce;
    }

    public void begin(@ExchangeProperty("tagKey") String tagKey) {
        jdbc.update("delete from luckey_tag_observed where tag_key = ?", tagKey);
    }

    /** Records one page of the tag's members; returns the next page number, or null after the last. */
    @SuppressWarnings("unchecked")
    public Object observe(@Body Map<String, Object> page, @ExchangeProperty("tagKey") String tagKey) {
        for (Map<String, Object> user : (List<Map<String, Object>>) page.getOrDefault("users", List.of())) {
            jdbc.update("insert into luckey_tag_observed (tag_key, luckey_user_id, email) values (?, ?, ?) on conflict do nothing",
                    tagKey, user.get("id"), user.get("email"));
        }
        return page.get("nextPage");
    }

    /**
     * Settles the differences the bridge can settle from its own records, and returns the members it does
     * not know at all (added by hand to a managed tag) as revocations to carry out in Luckey.
     */
    public List<Stranger> compare(@ExchangeProperty("tagKey") String tagKey, @ExchangeProperty("tagName") String tagName) {
        List<Stranger> strangers = new ArrayList<>();
        for (Map<String, Object> extra : jdbc.queryForList("""
                select o.luckey_user_id, o.email, u.user_ref from luckey_tag_observed o
                left join luckey_user u on u.luckey_user_id = o.luckey_user_id
                where o.tag_key = ? and not exists (select 1 from luckey_tag_member m where m.tag_key = o.tag_key
                  and m.user_ref = u.user_ref)""", tagKey)) {
            String userRef = (String) extra.get("user_ref");
            LuckeyAction drift = drift(userRef, (String) extra.get("email"), tagKey, tagName, (String) extra.get("luckey_user_id"),
                    "drift: in the tag without the bridge having granted it");
            if (!enforce) {
                audit.drift(drift, "left as is (bridge.drift.enforce is off)");
            } else if (userRef == null) {
                strangers.add(new Stranger(drift, (String) extra.get("luckey_user_id")));
            } else {
                // The bridge records the membership, then the access rules decide: kept if due, revoked if not.
                recompute(drift, "insert into luckey_tag_member (user_ref, tag_key) values (?, ?) on conflict do nothing",
                        "recorded; access recomputed");
            }
        }
        for (Map<String, Object> missing : jdbc.queryForList("""
                select m.user_ref, u.email, u.luckey_user_id from luckey_tag_member m join luckey_user u using (user_ref)
                where m.tag_key = ? and not exists (select 1 from luckey_tag_observed o where o.tag_key = m.tag_key
                  and o.luckey_user_id = u.luckey_user_id)""", tagKey)) {
            String userRef = (String) missing.get("user_ref");
            LuckeyAction drift = drift(userRef, (String) missing.get("email"), tagKey, tagName, (String) missing.get("luckey_user_id"),
                    "drift: removed from the tag outside the bridge");
            if (!enforce) {
                audit.drift(drift, "left as is (bridge.drift.enforce is off)");
            } else {
                recompute(drift, "delete from luckey_tag_member where user_ref = ? and tag_key = ?", "forgotten; access recomputed");
            }
        }
        jdbc.update("delete from luckey_tag_observed where tag_key = ?", tagKey);
        return strangers;
    }

    /** Corrects what the bridge believes Luckey holds, and lets the usual action path restore what is due. */
    private void recompute(LuckeyAction drift, String correction, String result) {
        jdbc.update(correction, drift.userRef(), drift.tagKey());
        jdbc.update("update luckey_user set version = version + 1 where user_ref = ?", drift.userRef());
        queue.mark(List.of(drift.userRef()), "drift in tag " + drift.tagName());
        audit.drift(drift, result);
    }

    private static LuckeyAction drift(String userRef, String email, String tagKey, String tagName, String luckeyUserId, String cause) {
        return new LuckeyAction(LuckeyAction.REVOKE, userRef, null, email, null, null, tagKey, tagName, cause,
                "drift:" + luckeyUserId + ":" + tagKey);
    }
}
