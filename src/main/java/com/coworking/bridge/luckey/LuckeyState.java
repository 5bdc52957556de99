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
import com.coworking.bridge.link.Link;

/**
 * What the Luckey account of each link holds for the bridge, as Luckey's own answers confirmed it (tables
 * {@code luckey_user}, {@code luckey_tag}, {@code luckey_tag_member}, {@code luckey_reread}, one set of rows per
 * link), and their only writer. Two links on one Luckey account each know only their own tags. Actions are
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
    public Confirmed confirmed(Link link, String userRef) {
        List<Map<String, Object>> rows = jdbc.queryForList("select * from luckey_user where link = ? and user_ref = ?", link.name(),
                userRef);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        Set<String> tags = new LinkedHashSet<>(jdbc.queryForList(
                "select tag_key from luckey_tag_member where link = ? and user_ref = ? order by tag_key", String.class, link.name(),
                userRef));
        return new Confirmed((String) row.get("luckey_user_id"), (String) row.get("name"), (String) row.get("surname"),
                ((Number) row.get("version")).longValue(), tags);
    }

    /** The Spacebring user the bridge holds this Luckey user for in any link on the same Luckey account, or null. */
    public String ownerOf(String[] linksOfTheAccount, String luckeyUserId) {
        return jdbc.query("select user_ref from luckey_user where link = any (?) and luckey_user_id = ? limit 1",
                rs -> rs.next() ? rs.getString(1) : null, linksOfTheAccount, luckeyUserId);
    }

    /** The Luckey id of the tag the bridge found or created for this plan, company or resource, or null. */
    public String knownTagId(Link link, String tagKey) {
        return tagKey == null ? null : jdbc.query("select luckey_tag_id from luckey_tag where link = ? and tag_key = ?",
                rs -> rs.next() ? rs.getString(1) : null, link.name(), tagKey);
    }

    /** The adapter's input for the action: the action with the Luckey ids the bridge holds for its user and tag. */
    public LuckeyRequest request(Link link, LuckeyAction action) {
        return new LuckeyRequest(action, knownUserId(link, action.userRef()), knownTagId(link, action.tagKey()));
    }

    /** The adapter's input for reading the member's Luckey user back. */
    public UserReadBack readBack(Link link, String userRef) {
        return new UserReadBack(userRef, knownUserId(link, userRef));
    }

    /** An action other than the invite for a user the bridge has not created (or adopted) in Luckey yet. */
    public boolean awaitsInvite(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action) {
        return !LuckeyAction.INVITE.equals(action.type()) && knownUserId(link, action.userRef()) == null;
    }

    /** Remembers the Luckey tag of the action's plan, company or resource. */
    public void saveTag(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action, @Body LuckeyResult tag) {
        jdbc.update("""
                insert into luckey_tag (link, tag_key, name, luckey_tag_id) values (?, ?, ?, ?)
                on conflict (link, tag_key) do update set name = excluded.name, luckey_tag_id = excluded.luckey_tag_id,
                  confirmed_at = now()""",
                link.name(), action.tagKey(), action.tagName(), tag.id());
    }

    public void confirmInvite(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action,
                              @Body LuckeyResult created) {
        jdbc.update("""
                insert into luckey_user (link, user_ref, luckey_user_id, email, name, surname) values (?, ?, ?, ?, ?, ?)
                on conflict (link, user_ref) do update set luckey_user_id = excluded.luckey_user_id, email = excluded.email,
                  name = excluded.name, surname = excluded.surname, version = luckey_user.version + 1, confirmed_at = now()""",
                link.name(), action.userRef(), created.id(), action.email(), action.name(), action.surname());
    }

    public void confirmRename(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action) {
        jdbc.update("""
                update luckey_user set name = ?, surname = ?, version = version + 1, confirmed_at = now()
                where link = ? and user_ref = ?""", action.name(), action.surname(), link.name(), action.userRef());
    }

    public void confirmGrant(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action) {
        recordTagMember(link, action.userRef(), action.tagKey());
    }

    public void confirmRevoke(@ExchangeProperty("link") Link link, @ExchangeProperty("action") LuckeyAction action) {
        forgetTagMember(link, action.userRef(), action.tagKey());
    }

    // ------------------------------------------------------------------ outcomes the bridge could not know

    /** What Luckey holds for the user is unknown: read it back before planning anything for them. */
    public void markUncertain(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef, Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause != null ? cause.getMessage() : "the same decision was already attempted";
        jdbc.update("""
                insert into luckey_reread (link, user_ref, reason) values (?, ?, ?)
                on conflict (link, user_ref) do update set reason = excluded.reason""", link.name(), userRef, reason);
    }

    /** An operator asked for the user to be resynced: read what Luckey holds before planning. */
    public void markForReadBack(Link link, String userRef, String reason) {
        jdbc.update("""
                insert into luckey_reread (link, user_ref, reason) values (?, ?, ?)
                on conflict (link, user_ref) do update set reason = excluded.reason""", link.name(), userRef, reason);
    }

    public boolean mustReadBack(Link link, String userRef) {
        return !jdbc.queryForList("select 1 from luckey_reread where link = ? and user_ref = ?", link.name(), userRef).isEmpty();
    }

    /** The Luckey user id the bridge confirmed for the user, or null. */
    public String knownUserId(Link link, String userRef) {
        return jdbc.query("select luckey_user_id from luckey_user where link = ? and user_ref = ?",
                rs -> rs.next() ? rs.getString(1) : null, link.name(), userRef);
    }

    /**
     * Replaces what the bridge believed with what Luckey holds (read back: the user, or null when Luckey has none
     * for this member): the user, their name and the managed tags they are in.
     */
    public void settle(Link link, String userRef, Map<String, Object> user) {
        String name = link.name();
        if (user == null || user.get("id") == null) {
            jdbc.update("delete from luckey_tag_member where link = ? and user_ref = ?", name, userRef);
            jdbc.update("delete from luckey_user where link = ? and user_ref = ?", name, userRef);
            LOG.info("Link {}: read back user {} from Luckey: not there", name, userRef);
        } else {
            String id = String.valueOf(user.get("id"));
            jdbc.update("""
                    insert into luckey_user (link, user_ref, luckey_user_id, email, name, surname) values (?, ?, ?, ?, ?, ?)
                    on conflict (link, user_ref) do update set luckey_user_id = excluded.luckey_user_id, email = excluded.email,
                      name = excluded.name, surname = excluded.surname, version = luckey_user.version + 1, confirmed_at = now()""",
                    name, userRef, id, String.valueOf(user.get("email")), string(user.get("name")), string(user.get("surname")));
            Set<String> tagIds = new LinkedHashSet<>();
            for (Object tag : LuckeyResults.list(user, "tags")) {
                tagIds.add(String.valueOf(HttpCalls.asObject(tag).get("id")));
            }
            jdbc.update("delete from luckey_tag_member where link = ? and user_ref = ?", name, userRef);
            jdbc.update("""
                    insert into luckey_tag_member (link, user_ref, tag_key)
                    select link, ?, tag_key from luckey_tag where link = ? and luckey_tag_id = any (?)""",
                    userRef, name, tagIds.toArray(String[]::new));
            LOG.info("Link {}: read back user {} from Luckey: Luckey user {} in {} managed tag(s)", name, userRef, id,
                    jdbc.queryForObject("select count(*) from luckey_tag_member where link = ? and user_ref = ?", Integer.class, name,
                            userRef));
        }
        jdbc.update("delete from luckey_reread where link = ? and user_ref = ?", name, userRef);
    }

    // ------------------------------------------------------------------ drift

    /** Luckey has the user in the tag although the bridge did not put them there: recorded, so the rules decide. */
    public void recordTagMember(Link link, String userRef, String tagKey) {
        jdbc.update("insert into luckey_tag_member (link, user_ref, tag_key) values (?, ?, ?) on conflict do nothing", link.name(),
                userRef, tagKey);
        bumpVersion(link, userRef);
    }

    /** Luckey no longer has the user in the tag: forgotten, so the rules grant it again if due. */
    public void forgetTagMember(Link link, String userRef, String tagKey) {
        jdbc.update("delete from luckey_tag_member where link = ? and user_ref = ? and tag_key = ?", link.name(), userRef, tagKey);
        bumpVersion(link, userRef);
    }

    private void bumpVersion(Link link, String userRef) {
        jdbc.update("update luckey_user set version = version + 1, confirmed_at = now() where link = ? and user_ref = ?", link.name(),
                userRef);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
