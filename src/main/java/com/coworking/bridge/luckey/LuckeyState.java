package com.coworking.bridge.luckey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.Confirmed;
import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.http.HttpCalls;

/**
 * What Luckey holds for the bridge, as Luckey's own answers confirmed it (tables {@code luckey_user},
 * {@code luckey_tag}, {@code luckey_tag_member}, {@code luckey_reread}), and their only writer. Actions are
 * planned against it. When an answer was lost, the user is marked for a read-back, and nothing is planned for
 * them until Luckey has been asked what it really holds.
 */
public final class LuckeyState {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyState.class);

    private final JdbcTemplate jdbc;

    public LuckeyState(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The confirmed state of a user, or null when the bridge has not created (or adopted) them in Luckey. */
    public Confirmed confirmed(String userRef) {
        List<Map<String, Object>> rows = jdbc.queryForList("select * from luckey_user where user_ref = ?", userRef);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        Set<String> tags = new LinkedHashSet<>(jdbc.queryForList(
                "select tag_key from luckey_tag_member where user_ref = ? order by tag_key", String.class, userRef));
        return new Confirmed((String) row.get("luckey_user_id"), (String) row.get("name"), (String) row.get("surname"),
                ((Number) row.get("version")).longValue(), tags);
    }

    /** The Spacebring user the bridge holds this Luckey user for, or null. */
    public String ownerOf(String luckeyUserId) {
        return jdbc.query("select user_ref from luckey_user where luckey_user_id = ?", rs -> rs.next() ? rs.getString(1) : null,
                luckeyUserId);
    }

    /**
     * Sets the exchange properties {@code luckeyUserId} and, for tag actions, {@code luckeyTagId} (null while the
     * tag is not known yet). Fails when the user is not in Luckey yet.
     */
    public void locate(@ExchangeProperty("action") LuckeyAction action, Exchange exchange) throws UserNotInLuckey {
        Confirmed confirmed = confirmed(action.userRef());
        if (confirmed == null) {
            throw new UserNotInLuckey("User " + action.email() + " is not in Luckey yet (the invite has not succeeded)");
        }
        exchange.setProperty("luckeyUserId", confirmed.luckeyUserId());
        exchange.setProperty("luckeyTagId", action.tagKey() == null ? null : jdbc.query(
                "select luckey_tag_id from luckey_tag where tag_key = ?", rs -> rs.next() ? rs.getString(1) : null, action.tagKey()));
    }

    /** Remembers the Luckey tag of the action's plan or company, and sets {@code luckeyTagId}. */
    public void saveTag(@ExchangeProperty("action") LuckeyAction action, @Body LuckeyResult tag, Exchange exchange) {
        jdbc.update("""
                insert into luckey_tag (tag_key, name, luckey_tag_id) values (?, ?, ?)
                on conflict (tag_key) do update set name = excluded.name, luckey_tag_id = excluded.luckey_tag_id, confirmed_at = now()""",
                action.tagKey(), action.tagName(), tag.id());
        exchange.setProperty("luckeyTagId", tag.id());
    }

    public void confirmInvite(@ExchangeProperty("action") LuckeyAction action, @Body LuckeyResult created) {
        jdbc.update("""
                insert into luckey_user (user_ref, luckey_user_id, email, name, surname) values (?, ?, ?, ?, ?)
                on conflict (user_ref) do update set luckey_user_id = excluded.luckey_user_id, email = excluded.email,
                  name = excluded.name, surname = excluded.surname, version = luckey_user.version + 1, confirmed_at = now()""",
                action.userRef(), created.id(), action.email(), action.name(), action.surname());
    }

    public void confirmRename(@ExchangeProperty("action") LuckeyAction action) {
        jdbc.update("update luckey_user set name = ?, surname = ?, version = version + 1, confirmed_at = now() where user_ref = ?",
                action.name(), action.surname(), action.userRef());
    }

    public void confirmGrant(@ExchangeProperty("action") LuckeyAction action) {
        jdbc.update("insert into luckey_tag_member (user_ref, tag_key) values (?, ?) on conflict do nothing",
                action.userRef(), action.tagKey());
        bumpVersion(action.userRef());
    }

    public void confirmRevoke(@ExchangeProperty("action") LuckeyAction action) {
        jdbc.update("delete from luckey_tag_member where user_ref = ? and tag_key = ?", action.userRef(), action.tagKey());
        bumpVersion(action.userRef());
    }

    // ------------------------------------------------------------------ outcomes the bridge could not know

    /** What Luckey holds for the user is unknown: read it back before planning anything for them. */
    public void markUncertain(@ExchangeProperty("userRef") String userRef, Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause != null ? cause.getMessage() : "the same decision was already attempted";
        jdbc.update("""
                insert into luckey_reread (user_ref, reason) values (?, ?)
                on conflict (user_ref) do update set reason = excluded.reason""", userRef, reason);
    }

    public boolean mustReadBack(String userRef) {
        return !jdbc.queryForList("select 1 from luckey_reread where user_ref = ?", userRef).isEmpty();
    }

    /** The Luckey user id the bridge confirmed for the user, or null. */
    public String knownUserId(String userRef) {
        return jdbc.query("select luckey_user_id from luckey_user where user_ref = ?", rs -> rs.next() ? rs.getString(1) : null, userRef);
    }

    /**
     * Replaces what the bridge believed with what Luckey holds (read back: the user, or null when Luckey has none
     * for this member): the user, their name and the managed tags they are in.
     */
    public void settle(String userRef, Map<String, Object> user) {
        if (user == null || user.get("id") == null) {
            jdbc.update("delete from luckey_tag_member where user_ref = ?", userRef);
            jdbc.update("delete from luckey_user where user_ref = ?", userRef);
            LOG.info("Read back user {} from Luckey: not there", userRef);
        } else {
            String id = String.valueOf(user.get("id"));
            jdbc.update("""
                    insert into luckey_user (user_ref, luckey_user_id, email, name, surname) values (?, ?, ?, ?, ?)
                    on conflict (user_ref) do update set luckey_user_id = excluded.luckey_user_id, email = excluded.email,
                      name = excluded.name, surname = excluded.surname, version = luckey_user.version + 1, confirmed_at = now()""",
                    userRef, id, String.valueOf(user.get("email")), string(user.get("name")), string(user.get("surname")));
            Set<String> tagIds = new LinkedHashSet<>();
            for (Object tag : LuckeyResults.list(user, "tags")) {
                tagIds.add(String.valueOf(HttpCalls.asObject(tag).get("id")));
            }
            jdbc.update("delete from luckey_tag_member where user_ref = ?", userRef);
            jdbc.update("""
                    insert into luckey_tag_member (user_ref, tag_key)
                    select ?, tag_key from luckey_tag where luckey_tag_id = any (?)""", userRef, tagIds.toArray(String[]::new));
            LOG.info("Read back user {} from Luckey: Luckey user {} in {} managed tag(s)", userRef, id,
                    jdbc.queryForObject("select count(*) from luckey_tag_member where user_ref = ?", Integer.class, userRef));
        }
        jdbc.update("delete from luckey_reread where user_ref = ?", userRef);
    }

    // ------------------------------------------------------------------ drift

    /** Luckey has the user in the tag although the bridge did not put them there: recorded, so the rules decide. */
    public void recordTagMember(String userRef, String tagKey) {
        jdbc.update("insert into luckey_tag_member (user_ref, tag_key) values (?, ?) on conflict do nothing", userRef, tagKey);
        bumpVersion(userRef);
    }

    /** Luckey no longer has the user in the tag: forgotten, so the rules grant it again if due. */
    public void forgetTagMember(String userRef, String tagKey) {
        jdbc.update("delete from luckey_tag_member where user_ref = ? and tag_key = ?", userRef, tagKey);
        bumpVersion(userRef);
    }

    private void bumpVersion(String userRef) {
        jdbc.update("update luckey_user set version = version + 1, confirmed_at = now() where user_ref = ?", userRef);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
