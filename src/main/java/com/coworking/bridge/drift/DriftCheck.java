package com.coworking.bridge.drift;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.http.HttpCalls;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.luckey.LuckeyRequest;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.SyncQueue;

/**
 * Compares the members of a tag one link manages, as read from Luckey (table {@code luckey_tag_observed}), with what the
 * bridge confirmed. Anyone else in the tag, or anyone missing from it, is drift: recorded in the audit log and,
 * when enforcement is on, repaired through the usual action path. Tags the bridge does not manage are never read.
 */
public final class DriftCheck {

    private final JdbcTemplate jdbc;
    private final LuckeyState luckey;
    private final SyncQueue queue;
    private final AuditLog audit;
    private final boolean enforce;
    /** When the read of each tag (link/tag key) began, from begin() to compare(). */
    private final Map<String, Timestamp> readStarted = new ConcurrentHashMap<>();

    public DriftCheck(DataSource dataSource, LuckeyState luckey, SyncQueue queue, AuditLog audit, boolean enforce) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.luckey = luckey;
        this.queue = queue;
        this.audit = audit;
        this.enforce = enforce;
    }

    public void begin(@ExchangeProperty("link") Link link, @ExchangeProperty("tag") Map<String, Object> tag) {
        jdbc.update("delete from luckey_tag_observed where link = ? and tag_key = ?", link.name(), tag.get("tag_key"));
        readStarted.put(link.name() + "/" + tag.get("tag_key"), jdbc.queryForObject("select now()", Timestamp.class));
    }

    /** Records one page of the tag's members. */
    public void observe(@Body Object page, @ExchangeProperty("link") Link link, @ExchangeProperty("tag") Map<String, Object> tag) {
        for (Object member : page instanceof Map<?, ?> map && map.get("users") instanceof List<?> users ? users : List.of()) {
            Map<String, Object> user = HttpCalls.asObject(member);
            if (user.get("id") != null) {
                jdbc.update("""
                        insert into luckey_tag_observed (link, tag_key, luckey_user_id, email) values (?, ?, ?, ?)
                        on conflict do nothing""", link.name(), tag.get("tag_key"), String.valueOf(user.get("id")), user.get("email") == null ? null : user.get("email").toString());
            }
        }
    }

    /**
     * Settles the differences the bridge can settle from its own records, and returns the members it does
     * not know at all (added by hand to a managed tag) as removals for the Luckey adapter.
     */
    public List<LuckeyRequest> compare(@ExchangeProperty("link") Link link, @ExchangeProperty("tag") Map<String, Object> tag) {
        String tagKey = (String) tag.get("tag_key");
        String tagName = (String) tag.get("name");
        String tagId = (String) tag.get("luckey_tag_id");
        List<LuckeyRequest> strangers = new ArrayList<>();
        for (Map<String, Object> extra : jdbc.queryForList("""
                select o.luckey_user_id, o.email, u.user_ref from luckey_tag_observed o
                left join luckey_user u on u.link = o.link and u.luckey_user_id = o.luckey_user_id
                where o.link = ? and o.tag_key = ? and not exists (select 1 from luckey_tag_member m where m.link = o.link
                  and m.tag_key = o.tag_key and m.user_ref = u.user_ref)""", link.name(), tagKey)) {
            String userRef = (String) extra.get("user_ref");
            LuckeyAction drift = drift(link, userRef, (String) extra.get("email"), tagKey, tagName, (String) extra.get("luckey_user_id"),
                    "drift: in the tag without the bridge having granted it");
            if (!enforce) {
                audit.drift(link, drift, "left as is (bridge.drift.enforce is off)");
            } else if (userRef == null) {
                strangers.add(new LuckeyRequest(drift, (String) extra.get("luckey_user_id"), tagId));
            } else {
                // The bridge records the membership, then the access rules decide: kept if due, revoked if not.
                luckey.recordTagMember(link, userRef, tagKey);
                recompute(link, drift, "recorded; access recomputed");
            }
        }
        // A grant confirmed after the read began may be missing from what was read: it is not drift
        Timestamp readFrom = readStarted.remove(link.name() + "/" + tagKey);
        for (Map<String, Object> missing : jdbc.queryForList("""
                select m.user_ref, u.email, u.luckey_user_id from luckey_tag_member m join luckey_user u using (link, user_ref)
                where m.link = ? and m.tag_key = ? and m.confirmed_at < ? and not exists (select 1 from luckey_tag_observed o
                  where o.link = m.link and o.tag_key = m.tag_key and o.luckey_user_id = u.luckey_user_id)""",
                link.name(), tagKey, readFrom)) {
            String userRef = (String) missing.get("user_ref");
            LuckeyAction drift = drift(link, userRef, (String) missing.get("email"), tagKey, tagName,
                    (String) missing.get("luckey_user_id"), "drift: removed from the tag outside the bridge");
            if (!enforce) {
                audit.drift(link, drift, "left as is (bridge.drift.enforce is off)");
            } else {
                luckey.forgetTagMember(link, userRef, tagKey);
                recompute(link, drift, "forgotten; access recomputed");
            }
        }
        jdbc.update("delete from luckey_tag_observed where link = ? and tag_key = ?", link.name(), tagKey);
        return strangers;
    }

    /** Lets the usual action path restore what is due. */
    private void recompute(Link link, LuckeyAction drift, String result) {
        queue.mark(link, List.of(drift.userRef()), "drift in tag " + drift.tagName());
        audit.drift(link, drift, result);
    }

    private static LuckeyAction drift(Link link, String userRef, String email, String tagKey, String tagName, String luckeyUserId,
                                      String cause) {
        return new LuckeyAction(LuckeyAction.REVOKE, userRef, email, null, null, tagKey, tagName, cause,
                "drift:" + luckeyUserId + ":" + tagKey).inLink(link.name());
    }
}
