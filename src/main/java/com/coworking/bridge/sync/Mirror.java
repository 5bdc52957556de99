package com.coworking.bridge.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.coworking.bridge.access.Facts;

import static com.coworking.bridge.JsonFields.firstOf;
import static com.coworking.bridge.JsonFields.text;

/**
 * The bridge's copy of the Spacebring state of the linked location: memberships, companies, subscriptions
 * and plans, as last fetched. Each save returns the users whose access may have changed.
 */
public final class Mirror {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public Mirror(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public void saveLocation(JsonNode answer) {
        JsonNode location = answer.path("location");
        jdbc.update("""
                insert into sb_location (id, title, timezone_id) values (?, ?, ?)
                on conflict (id) do update set title = excluded.title, timezone_id = excluded.timezone_id, updated_at = now()""",
                text(location, "id"), text(location, "title"), text(location, "timezoneId"));
    }

    /**
     * The approved memberships Spacebring lists for one user at the location. Memberships of the user it no
     * longer lists are marked gone (deleted, or back to requested): they give no access.
     */
    public Set<String> saveMembershipsOfUser(String userRef, String locationRef, JsonNode page) {
        List<String> listed = new ArrayList<>();
        for (JsonNode membership : page.path("memberships")) {
            saveMembership(membership);
            listed.add(text(membership, "id"));
        }
        jdbc.update("update sb_membership set gone_at = now(), updated_at = now() where user_ref = ? and location_ref = ? "
                + "and gone_at is null and not (id = any (?))", userRef, locationRef, listed.toArray(String[]::new));
        return Set.of(userRef);
    }

    void saveMembership(JsonNode membership) {
        JsonNode user = membership.path("user");
        jdbc.update("""
                insert into sb_membership (id, user_ref, location_ref, company_ref, status, type, email, name, surname, gone_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, null)
                on conflict (id) do update set user_ref = excluded.user_ref, location_ref = excluded.location_ref,
                  company_ref = excluded.company_ref, status = excluded.status, type = excluded.type, email = excluded.email,
                  name = excluded.name, surname = excluded.surname, gone_at = null, updated_at = now()""",
                text(membership, "id"), firstOf(text(membership, "userRef"), text(user, "id")), text(membership, "locationRef"),
                text(membership, "companyRef"), text(membership, "status"), text(membership, "type"), text(user, "email"),
                text(user, "name"), text(user, "surname"));
    }

    /** @param status 404 when Spacebring does not know the company (any more) */
    public Set<String> saveCompany(String companyRef, JsonNode answer, int status) {
        if (status == 404) {
            jdbc.update("update sb_company set deleted_at = coalesce(deleted_at, now()), updated_at = now() where id = ?", companyRef);
        } else {
            JsonNode company = answer.path("company");
            jdbc.update("""
                    insert into sb_company (id, location_ref, title, deleted_at) values (?, ?, ?, ?)
                    on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title,
                      deleted_at = excluded.deleted_at, updated_at = now()""",
                    companyRef, text(company, "locationRef"), text(company, "title"),
                    timestamp(SpacebringDates.parse(company.get("deleteDate"), ZoneId.of("UTC"))));
        }
        return membersOf(companyRef);
    }

    /** @param status 404 when Spacebring does not know the subscription (any more): treated as deleted */
    public Set<String> saveSubscription(String subscriptionId, JsonNode answer, int status) {
        if (status == 404) {
            jdbc.update("update sb_subscription set delete_date = coalesce(delete_date, now()), updated_at = now() where id = ?",
                    subscriptionId);
            return usersOfSubscription(subscriptionId);
        }
        JsonNode s = answer.path("subscription");
        ZoneId zone = zoneOf(text(s, "locationRef"), text(s, "timezoneId"));
        JsonNode customer = s.path("customer");
        String type = firstOf(text(s, "subscriptionType"), text(customer, "type"));
        String userRef = firstOf(text(s, "userRef"), "user".equals(type) ? firstOf(text(customer.path("user"), "id"), text(customer, "id")) : null);
        String companyRef = firstOf(text(s, "companyRef"), "company".equals(type) ? text(customer, "id") : null);
        Set<String> before = usersOfSubscription(subscriptionId);
        // One transaction: the access sync must never see a subscription without its items.
        transaction.executeWithoutResult(tx -> {
            jdbc.update("""
                    insert into sb_subscription (id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
                      start_date, end_date, delete_date)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set location_ref = excluded.location_ref, subscription_type = excluded.subscription_type,
                      user_ref = excluded.user_ref, company_ref = excluded.company_ref, membership_ref = excluded.membership_ref,
                      status = excluded.status, start_date = excluded.start_date, end_date = excluded.end_date,
                      delete_date = excluded.delete_date, updated_at = now()""",
                    subscriptionId, text(s, "locationRef"), type, userRef, companyRef, text(s, "membershipRef"), text(s, "status"),
                    timestamp(SpacebringDates.parse(s.get("startDate"), zone)), timestamp(SpacebringDates.parse(s.get("endDate"), zone)),
                    timestamp(SpacebringDates.parse(s.get("deleteDate"), zone)));
            jdbc.update("delete from sb_subscription_item where subscription_id = ?", subscriptionId);
            for (JsonNode item : s.path("items")) {
                jdbc.update("insert into sb_subscription_item (subscription_id, item_id, plan_ref, start_date, end_date) values (?, ?, ?, ?, ?)",
                        subscriptionId, text(item, "id"), firstOf(text(item, "planRef"), text(item.path("plan"), "id")),
                        timestamp(SpacebringDates.parse(item.get("startDate"), zone)),
                        timestamp(SpacebringDates.parse(item.get("endDate"), zone)));
            }
        });
        Set<String> affected = new LinkedHashSet<>(before);
        affected.addAll(usersOfSubscription(subscriptionId));
        return affected;
    }

    /** Saves one page of memberships, adding their ids to {@code seen}; returns the next page's token or null. */
    public String saveMembershipsPage(JsonNode page, Set<String> seen) {
        for (JsonNode membership : page.path("memberships")) {
            saveMembership(membership);
            seen.add(text(membership, "id"));
        }
        return text(page, "nextPageToken");
    }

    /** After all pages of a company's members: those not listed have left the company. */
    public void leaveCompanyUnlessSeen(String companyRef, Set<String> seen) {
        jdbc.update("update sb_membership set company_ref = null, updated_at = now() where company_ref = ? and not (id = any (?))",
                companyRef, seen.toArray(String[]::new));
    }

    public Set<String> newIdSet() {
        return new LinkedHashSet<>();
    }

    /** The company a company subscription belongs to, or null. */
    public String companyOfSubscription(String subscriptionId) {
        return jdbc.query("select company_ref from sb_subscription where id = ? and subscription_type = 'company'",
                rs -> rs.next() ? rs.getString(1) : null, subscriptionId);
    }

    /** The user an individual subscription belongs to, or null. */
    public String userOfSubscription(String subscriptionId) {
        return jdbc.query("""
                select coalesce(s.user_ref, m.user_ref) from sb_subscription s left join sb_membership m on m.id = s.membership_ref
                where s.id = ? and s.subscription_type = 'user'""", rs -> rs.next() ? rs.getString(1) : null, subscriptionId);
    }

    /** {@code before} plus whoever the subscription concerns now. */
    public Set<String> usersOfSubscription(String subscriptionId, Set<String> before) {
        Set<String> all = new LinkedHashSet<>(before);
        all.addAll(usersOfSubscription(subscriptionId));
        return all;
    }

    /** True when a plan on the fetched subscription's items has no title in the mirror yet (needed for tag names). */
    public boolean hasUnknownPlans(JsonNode answer) {
        for (JsonNode item : answer.path("subscription").path("items")) {
            String planRef = firstOf(text(item, "planRef"), text(item.path("plan"), "id"));
            if (planRef != null && planTitle(planRef) == null) {
                return true;
            }
        }
        return false;
    }

    /** The company of a fetched company subscription when the mirror has no title for it yet, else null. */
    public String unknownCompany(JsonNode answer) {
        JsonNode s = answer.path("subscription");
        String companyRef = firstOf(text(s, "companyRef"), "company".equals(text(s.path("customer"), "type")) ? text(s.path("customer"), "id") : null);
        return companyRef != null && companyTitle(companyRef) == null ? companyRef : null;
    }

    /** Saves one page of plans; returns the token of the next page, or null on the last one. */
    public String savePlans(JsonNode page) {
        for (JsonNode plan : page.path("plans")) {
            jdbc.update("""
                    insert into sb_plan (id, location_ref, title) values (?, ?, ?)
                    on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title, updated_at = now()""",
                    text(plan, "id"), text(plan, "locationRef"), text(plan, "title"));
        }
        return text(page, "nextPageToken");
    }

    public String timezone(String locationRef) {
        return jdbc.query("select timezone_id from sb_location where id = ?", rs -> rs.next() ? rs.getString(1) : null, locationRef);
    }

    public String planTitle(String planRef) {
        return jdbc.query("select title from sb_plan where id = ?", rs -> rs.next() ? rs.getString(1) : null, planRef);
    }

    public String companyTitle(String companyRef) {
        return jdbc.query("select title from sb_company where id = ?", rs -> rs.next() ? rs.getString(1) : null, companyRef);
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
                select * from sb_subscription where location_ref = ? and subscription_type = 'user'
                and (user_ref = ? or membership_ref in (select id from sb_membership where user_ref = ?))""",
                locationRef, userRef, userRef);
        String companyRef = membership == null ? null : membership.companyRef();
        List<Facts.Subscription> company = companyRef == null ? List.of() : subscriptions(
                "select * from sb_subscription where location_ref = ? and subscription_type = 'company' and company_ref = ?",
                locationRef, companyRef);
        boolean companyDeleted = companyRef != null && Boolean.TRUE.equals(jdbc.query(
                "select deleted_at is not null from sb_company where id = ?", rs -> rs.next() && rs.getBoolean(1), companyRef));
        return new Facts.User(userRef, membership, own, company, companyDeleted);
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

    private Set<String> usersOfSubscription(String subscriptionId) {
        return new LinkedHashSet<>(jdbc.queryForList("""
                select coalesce(s.user_ref, m.user_ref) from sb_subscription s
                left join sb_membership m on m.id = s.membership_ref
                where s.id = ? and s.subscription_type = 'user' and coalesce(s.user_ref, m.user_ref) is not null
                union
                select m.user_ref from sb_subscription s join sb_membership m on m.company_ref = s.company_ref
                where s.id = ? and s.subscription_type = 'company'""", String.class, subscriptionId, subscriptionId));
    }

    private Set<String> membersOf(String companyRef) {
        return new LinkedHashSet<>(jdbc.queryForList("select user_ref from sb_membership where company_ref = ?", String.class, companyRef));
    }

    private ZoneId zoneOf(String locationRef, String timezoneId) {
        return SpacebringDates.zone(timezoneId != null ? timezoneId : timezone(locationRef), ZoneId.of("UTC"));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
