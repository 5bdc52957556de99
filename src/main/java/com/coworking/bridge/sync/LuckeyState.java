package com.coworking.bridge.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What Luckey holds for the bridge, as last confirmed by Luckey's own answers: the user created for each
 * Spacebring user, the tags the bridge manages, and tag membership. Actions are planned against it.
 */
public final class LuckeyState {

    /** A user's confirmed state; {@code version} changes with every confirmed change. */
    public record Confirmed(String luckeyUserId, String name, String surname, long version, Set<String> tagKeys) {
    }

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

    /** Sets the exchange property {@code luckeyUserId}, or fails when the user is not in Luckey yet. */
    public void requireUser(@ExchangeProperty("action") LuckeyAction action, Exchange exchange) throws UserNotInLuckey {
        Confirmed confirmed = confirmed(action.userRef());
        if (confirmed == null) {
            throw new UserNotInLuckey("User " + action.email() + " is not in Luckey yet (the invite has not succeeded)");
        }
        exchange.setProperty("luckeyUserId", confirmed.luckeyUserId());
    }

    /** Sets the exchange property {@code luckeyTagId} when the tag is known already. */
    public void lookupTag(@ExchangeProperty("action") LuckeyAction action, Exchange exchange) {
        String id = jdbc.query("select luckey_tag_id from luckey_tag where tag_key = ?", rs -> rs.next() ? rs.getString(1) : null,
                action.tagKey());
        exchange.setProperty("luckeyTagId", id);
    }

    public void saveTag(@ExchangeProperty("action") LuckeyAction action, @ExchangeProperty("luckeyTagId") String luckeyTagId) {
        jdbc.update("""
                insert into luckey_tag (tag_key, name, luckey_tag_id) values (?, ?, ?)
                on conflict (tag_key) do update set name = excluded.name, luckey_tag_id = excluded.luckey_tag_id, confirmed_at = now()""",
                action.tagKey(), action.tagName(), luckeyTagId);
    }

    public void confirmInvite(@ExchangeProperty("action") LuckeyAction action, @ExchangeProperty("luckeyUserId") String luckeyUserId) {
        jdbc.update("""
                insert into luckey_user (user_ref, luckey_user_id, email, name, surname) values (?, ?, ?, ?, ?)
                on conflict (user_ref) do update set luckey_user_id = excluded.luckey_user_id, email = excluded.email,
                  name = excluded.name, surname = excluded.surname, version = luckey_user.version + 1, confirmed_at = now()""",
                action.userRef(), luckeyUserId, action.email(), action.name(), action.surname());
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

    private void bumpVersion(String userRef) {
        jdbc.update("update luckey_user set version = version + 1, confirmed_at = now() where user_ref = ?", userRef);
    }
}
