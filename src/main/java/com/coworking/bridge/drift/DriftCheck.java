package com.coworking.bridge.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.http.HttpCalls;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.SyncQueue;

/**
 * Compares the members of a managed tag, as read from Luckey (table {@code luckey_tag_observed}), with what the
 * bridge confirmed. Anyone else in the tag, or anyone missing from it, is drift: recorded in the audit log and,
 * when enforcement is on, repaired through the usual action path. Tags the bridge does not manage are never read.
 */
public final class DriftCheck {

    /** Someone in a managed tag whom the bridge does not know: removed in Luckey when enforcement is on. */
    public record Stranger(LuckeyAction action, String luckeyUserId) {
    }

    private final JdbcTemplate jdbc;
    private final LuckeyState luckey;
    private final SyncQueue queue;
    private final AuditLog audit;
    private final boolean enforce;

    public DriftCheck(DataSource dataSource, LuckeyState luckey, SyncQueue queue, AuditLog audit, boolean enforce) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.luckey = luckey;
        this.queue = queue;
        this.audit = audit;
        this.enforce = enforce;
    }

    public void begin(@ExchangeProperty("tag") Map<String, Object> tag) {
        jdbc.update("delete from luckey_tag_observed where tag_key = ?", tag.get("tag_key"));
    }

    /** Records one page of the tag's members. */
    public void observe(@Body Object page, @ExchangeProperty("tag") Map<String, Object> tag) {
        for (Object member : page instanceof Map<?, ?> map && map.get("users") instanceof List<?> users ? users : List.of()) {
            Map<String, Object> user = HttpCalls.asObject(member);
            if (user.get("id") != null) {
                jdbc.update("insert into luckey_tag_observed (tag_key, luckey_user_id, email) values (?, ?, ?) on conflict do nothing",
                        tag.get("tag_key"), String.valueOf(user.get("id")), user.get("email") == null ? null : user.get("email").toString());
            }
        }
    }

    /**
     * Settles the differences the bridge can settle from its own records, and returns the members it does
     * not know at all (added by hand to a managed tag) as removals to carry out in Luckey.
     */
    public List<Stranger> compare(@ExchangeProperty("tag") Map<String, Object> tag) {
        String tagKey = (String) tag.get("tag_key");
        String tagName = (String) tag.get("name");
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
                luckey.recordTagMember(userRef, tagKey);
                recompute(drift, "recorded; access recomputed");
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
                luckey.forgetTagMember(userRef, tagKey);
                recompute(drift, "forgotten; access recomputed");
            }
        }
        jdbc.update("delete from luckey_tag_observed where tag_key = ?", tagKey);
        return strangers;
    }

    /** Lets the usual action path restore what is due. */
    private void recompute(LuckeyAction drift, String result) {
        queue.mark(List.of(drift.userRef()), "drift in tag " + drift.tagName());
        audit.drift(drift, result);
    }

    private static LuckeyAction drift(String userRef, String email, String tagKey, String tagName, String luckeyUserId, String cause) {
        return new LuckeyAction(LuckeyAction.REVOKE, userRef, email, null, null, tagKey, tagName, cause,
                "drift:" + luckeyUserId + ":" + tagKey);
    }
}
