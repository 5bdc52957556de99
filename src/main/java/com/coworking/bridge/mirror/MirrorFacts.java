package com.coworking.bridge.mirror;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.Facts;

/** Reads from the mirror what the access policy needs about one user at the location. */
public final class MirrorFacts {

    /** Bookings that ended longer ago than this open nothing whatever the close-after: not read. */
    private static final Duration BOOKINGS_LOOK_BACK = Duration.ofDays(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public MirrorFacts(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The user's current membership at the location (the approved one first), or null. */
    public Map<String, Object> membership(String userRef, String locationRef) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select * from sb_membership where user_ref = ? and location_ref = ?
                order by gone_at nulls first, updated_at desc limit 1""", userRef, locationRef);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Everything the access policy needs about one user, given the membership row {@link #membership} read.
     *
     * @param bookings whether the link's bookings and assigned resources open doors
     * @param visitors whether the link's visits open the visitors' door
     */
    public Facts.User facts(String userRef, String locationRef, Map<String, Object> m, boolean bookings, boolean visitors) {
        Facts.Membership membership = m == null ? null : new Facts.Membership((String) m.get("id"), (String) m.get("status"),
                m.get("gone_at") != null, (String) m.get("company_ref"), (String) m.get("email"), (String) m.get("type"));
        List<Facts.Subscription> own = subscriptions("""
                select s.* from sb_subscription s join sb_subscription_users u on u.subscription_id = s.id
                where s.location_ref = ? and s.subscription_type = 'user' and u.user_ref = ?""", locationRef, userRef);
        String companyRef = membership == null ? null : membership.companyRef();
        List<Facts.Subscription> company = companyRef == null ? List.of() : subscriptions(
                "select * from sb_subscription where location_ref = ? and subscription_type = 'company' and company_ref = ?",
                locationRef, companyRef);
        boolean companyDeleted = companyRef != null && Boolean.TRUE.equals(jdbc.query(
                "select deleted_at is not null from sb_company where id = ?", rs -> rs.next() && rs.getBoolean(1), companyRef));
        Timestamp since = Timestamp.from(clock.instant().minus(BOOKINGS_LOOK_BACK));
        List<Facts.Booking> booked = !bookings ? List.of() : jdbc.query("""
                select b.id, b.resource_ref, b.start_date, b.end_date from sb_booking b
                join sb_booking_person p on p.booking_id = b.id join sb_resource r on r.id = b.resource_ref
                where p.user_ref = ? and b.location_ref = ? and b.confirmed and b.delete_date is null and r.gone_at is null
                  and b.end_date > ? order by b.start_date""",
                (rs, i) -> new Facts.Booking(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))),
                userRef, locationRef, since);
        // A company's assignment is its members' while they belong to it; a deleted or expired subscription assigns nothing
        List<Facts.Assignment> assigned = !bookings ? List.of() : jdbc.query("""
                select a.resource_ref, a.subscription_ref, a.start_date, a.end_date from sb_resource_assignment a
                join sb_resource r on r.id = a.resource_ref left join sb_subscription s on s.id = a.subscription_ref
                where r.location_ref = ? and r.gone_at is null
                  and (a.customer_type = 'user' and a.customer_ref = ? or a.customer_type = 'company' and a.customer_ref = ?)
                  and (s.id is null or s.delete_date is null and s.status is distinct from 'incompleteExpired')""",
                (rs, i) -> new Facts.Assignment(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))),
                locationRef, userRef, companyDeleted ? "" : companyRef == null ? "" : companyRef);
        List<Facts.Visit> visits = !visitors ? List.of() : jdbc.query("""
                select id, email, day_start, day_end, check_out from sb_visit
                where user_ref = ? and location_ref = ? and delete_date is null and day_end > ? order by day_start""",
                (rs, i) -> new Facts.Visit(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5))), userRef, locationRef, since);
        return new Facts.User(userRef, membership, own, company, companyDeleted, booked, assigned, visits);
    }

    /** The visitor as their latest visit names them (e-mail, name, surname), for a visitor with no membership; or null. */
    public Map<String, Object> visitor(String userRef, String locationRef) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select email, name, surname from sb_visit where user_ref = ? and location_ref = ? and delete_date is null
                order by day_start desc limit 1""", userRef, locationRef);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public String resourceTitle(String resourceRef) {
        return jdbc.query("select title from sb_resource where id = ?", rs -> rs.next() ? rs.getString(1) : null, resourceRef);
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
