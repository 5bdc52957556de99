package com.coworking.bridge.mirror;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.Facts;

/** Reads from the mirror what the access policy needs about one user at the location. */
public final class MirrorFacts {

    private final JdbcTemplate jdbc;

    public MirrorFacts(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The user's current membership at the location (the approved one first), or null. */
    public Map<String, Object> membership(String userRef, String locationRef) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select * from sb_membership where user_ref = ? and location_ref = ?
                order by gone_at nulls first, updated_at desc limit 1""", userRef, locationRef);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Everything the access policy needs about one user, given the membership row {@link #membership} read. */
    public Facts.User facts(String userRef, String locationRef, Map<String, Object> m) {
        Facts.Membership membership = m == null ? null : new Facts.Membership((String) m.get("id"), (String) m.get("status"),
                m.get("gone_at") != null, (String) m.get("company_ref"), (String) m.get("email"));
        List<Facts.Subscription> own = subscriptions("""
                select s.* from sb_subscription s join sb_subscription_users u on u.subscription_id = s.id
                where s.location_ref = ? and s.subscription_type = 'user' and u.user_ref = ?""", locationRef, userRef);
        String companyRef = membership == null ? null : membership.companyRef();
        List<Facts.Subscription> company = companyRef == null ? List.of() : subscriptions(
                "select * from sb_subscription where location_ref = ? and subscription_type = 'company' and company_ref = ?",
                locationRef, companyRef);
        boolean companyDeleted = companyRef != null && Boolean.TRUE.equals(jdbc.query(
                "select deleted_at is not null from sb_company where id = ?", rs -> rs.next() && rs.getBoolean(1), companyRef));
        return new Facts.User(userRef, membership, own, company, companyDeleted);
    }

    public String planTitle(String planRef) {
        return jdbc.query("select title from sb_plan where id = ?", rs -> rs.next() ? rs.getString(1) : null, planRef);
    }

    public String companyTitle(String companyRef) {
        return jdbc.query("select title from sb_company where id = ?", rs -> rs.next() ? rs.getString(1) : null, companyRef);
    }

    private List<Facts.Subscription> subscriptions(String sql, Object... args) {
        List<Facts.Subscription> result = new ArrayList<>();
        for (Map<String, Object> s : jdbc.queryForList(sql, args)) {
            List<Facts.Item> items = jdbc.query("select plan_ref, start_date, end_date from sb_subscription_item where subscription_id = ?",
                    (rs, i) -> new Facts.Item(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))), s.get("id"));
            result.add(new Facts.Subscription((String) s.get("id"), (String) s.get("subscription_type"), (String) s.get("status"),
                    instant(s.get("start_date")), instant(s.get("end_date")), instant(s.get("delete_date")), items));
        }
        return result;
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
