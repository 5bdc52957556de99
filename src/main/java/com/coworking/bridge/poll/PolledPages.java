package com.coworking.bridge.poll;

import static com.coworking.bridge.JsonFields.firstOf;
import static com.coworking.bridge.JsonFields.text;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.coworking.bridge.sync.SpacebringDates;

/**
 * Writes one page of a poll into the mirror in a few statements (a page is up to 100 rows, and a location
 * may have 100,000 of them), marks every listed row as seen by this poll, and returns the users whose
 * rows changed. Sets the exchange properties {@code nextPageToken} and {@code morePages}.
 */
public final class PolledPages {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public PolledPages(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public Set<String> memberships(@Body JsonNode page, @ExchangeProperty("pollId") long pollId, Exchange exchange) {
        nextPage(page, exchange);
        Columns c = new Columns(9);
        for (JsonNode m : page.path("memberships")) {
            JsonNode user = m.path("user");
            c.add(text(m, "id"), firstOf(text(m, "userRef"), text(user, "id")), text(m, "locationRef"), text(m, "companyRef"),
                    text(m, "status"), text(m, "type"), text(user, "email"), text(user, "name"), text(user, "surname"));
        }
        return c.isEmpty() ? Set.of() : users("""
                with incoming as (
                  select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  as t(id, user_ref, location_ref, company_ref, status, type, email, name, surname)),
                old as (select m.* from sb_membership m join incoming using (id)),
                up as (
                  insert into sb_membership (id, user_ref, location_ref, company_ref, status, type, email, name, surname, gone_at, seen_poll)
                  select id, user_ref, location_ref, company_ref, status, type, email, name, surname, null, ? from incoming
                  on conflict (id) do update set user_ref = excluded.user_ref, location_ref = excluded.location_ref,
                    company_ref = excluded.company_ref, status = excluded.status, type = excluded.type, email = excluded.email,
                    name = excluded.name, surname = excluded.surname, gone_at = null, seen_poll = excluded.seen_poll, updated_at = now())
                select i.user_ref from incoming i left join old o using (id)
                where o.id is null or (o.company_ref, o.status, o.email, o.name, o.surname, o.gone_at)
                  is distinct from (i.company_ref, i.status, i.email, i.name, i.surname, null)""", c, pollId);
    }

    /** Memberships Spacebring lists as deleted: gone from their delete date. */
    public Set<String> deletedMemberships(@Body JsonNode page, Exchange exchange) {
        nextPage(page, exchange);
        Columns c = new Columns(1);
        for (JsonNode m : page.path("memberships")) {
            c.add(text(m, "id"));
        }
        return c.isEmpty() ? Set.of() : users("""
                update sb_membership set gone_at = now(), updated_at = now()
                where id = any (?::text[]) and gone_at is null returning user_ref""", c);
    }

    public Set<String> companies(@Body JsonNode page, @ExchangeProperty("pollId") long pollId, Exchange exchange) {
        nextPage(page, exchange);
        Columns c = new Columns(3);
        for (JsonNode company : page.path("companies")) {
            c.add(text(company, "id"), text(company, "locationRef"), text(company, "title"));
        }
        return c.isEmpty() ? Set.of() : users("""
                with incoming as (select * from unnest(?::text[], ?::text[], ?::text[]) as t(id, location_ref, title)),
                old as (select c.* from sb_company c join incoming using (id)),
                up as (
                  insert into sb_company (id, location_ref, title, deleted_at, seen_poll)
                  select id, location_ref, title, null, ? from incoming
                  on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title,
                    deleted_at = null, seen_poll = excluded.seen_poll, updated_at = now())
                select m.user_ref from incoming i join old o using (id) join sb_membership m on m.company_ref = i.id
                where o.deleted_at is not null""", c, pollId);
    }

    public Set<String> subscriptions(@Body JsonNode page, @ExchangeProperty("pollId") long pollId,
                                     @ExchangeProperty("timezone") String timezone, Exchange exchange) {
        nextPage(page, exchange);
        ZoneId locationZone = SpacebringDates.zone(timezone, ZoneId.of("UTC"));
        Columns c = new Columns(11);
        Columns items = new Columns(5);
        for (JsonNode s : page.path("subscriptions")) {
            ZoneId zone = SpacebringDates.zone(text(s, "timezoneId"), locationZone);
            JsonNode customer = s.path("customer");
            String type = firstOf(text(s, "subscriptionType"), text(customer, "type"));
            String id = text(s, "id");
            List<String> signature = new ArrayList<>();
            for (JsonNode item : s.path("items")) {
                String planRef = firstOf(text(item, "planRef"), text(item.path("plan"), "id"));
                String start = iso(SpacebringDates.parse(item.get("startDate"), zone));
                String end = iso(SpacebringDates.parse(item.get("endDate"), zone));
                items.add(id, text(item, "id"), planRef, start, end);
                signature.add(planRef + "|" + start + "|" + end);
            }
            signature.sort(null);
            c.add(id, text(s, "locationRef"), type,
                    firstOf(text(s, "userRef"), "user".equals(type) ? firstOf(text(customer.path("user"), "id"), text(customer, "id")) : null),
                    firstOf(text(s, "companyRef"), "company".equals(type) ? text(customer, "id") : null),
                    text(s, "membershipRef"), text(s, "status"),
                    iso(SpacebringDates.parse(s.get("startDate"), zone)), iso(SpacebringDates.parse(s.get("endDate"), zone)),
                    iso(SpacebringDates.parse(s.get("deleteDate"), zone)), String.join(";", signature));
        }
        if (c.isEmpty()) {
            return Set.of();
        }
        // One transaction: the access sync must never see a subscription without its items.
        return transaction.execute(status -> saveSubscriptions(c, items, pollId));
    }

    private Set<String> saveSubscriptions(Columns c, Columns items, long pollId) {
        Set<String> changed = users("""
                with incoming as (
                  select id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
                    start_date::timestamptz, end_date::timestamptz, delete_date::timestamptz, items_sig
                  from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[])
                  as t(id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status, start_date, end_date,
                    delete_date, items_sig)),
                old as (select s.* from sb_subscription s join incoming using (id)),
                up as (
                  insert into sb_subscription (id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
                    start_date, end_date, delete_date, items_sig, seen_poll)
                  select *, ? from incoming
                  on conflict (id) do update set location_ref = excluded.location_ref, subscription_type = excluded.subscription_type,
                    user_ref = excluded.user_ref, company_ref = excluded.company_ref, membership_ref = excluded.membership_ref,
                    status = excluded.status, start_date = excluded.start_date, end_date = excluded.end_date,
                    delete_date = excluded.delete_date, items_sig = excluded.items_sig, seen_poll = excluded.seen_poll,
                    updated_at = now()),
                changed as (
                  select i.* from incoming i left join old o using (id)
                  where o.id is null or (o.subscription_type, o.user_ref, o.company_ref, o.membership_ref, o.status, o.start_date,
                    o.end_date, o.delete_date, o.items_sig) is distinct from (i.subscription_type, i.user_ref, i.company_ref,
                    i.membership_ref, i.status, i.start_date, i.end_date, i.delete_date, i.items_sig))
                select coalesce(ch.user_ref, m.user_ref) from changed ch left join sb_membership m on m.id = ch.membership_ref
                where ch.subscription_type = 'user' and coalesce(ch.user_ref, m.user_ref) is not null
                union
                select m.user_ref from changed ch join sb_membership m on m.company_ref = ch.company_ref
                where ch.subscription_type = 'company'""", c, pollId);
        jdbc.update(con -> statement(con, "delete from sb_subscription_item where subscription_id = any (?::text[])",
                List.of(c.column(0)), new Object[0]));
        if (!items.isEmpty()) {
            jdbc.update(con -> statement(con, """
                    insert into sb_subscription_item (subscription_id, item_id, plan_ref, start_date, end_date)
                    select s, i, p, st::timestamptz, en::timestamptz from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as t(s, i, p, st, en) on conflict do nothing""", items.columns(), new Object[0]));
        }
        return changed;
    }

    private static void nextPage(JsonNode page, Exchange exchange) {
        String token = text(page, "nextPageToken");
        exchange.setProperty("nextPageToken", token);
        exchange.setProperty("morePages", token != null);
    }

    private Set<String> users(String sql, Columns columns, Object... tail) {
        Set<String> users = new LinkedHashSet<>();
        jdbc.query(con -> statement(con, sql, columns.columns(), tail), rs -> {
            users.add(rs.getString(1));
        });
        return users;
    }

    private static PreparedStatement statement(Connection con, String sql, List<List<String>> arrays, Object[] tail)
            throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        int i = 1;
        for (List<String> column : arrays) {
            Array array = con.createArrayOf("text", column.toArray());
            ps.setArray(i++, array);
        }
        for (Object value : tail) {
            ps.setObject(i++, value);
        }
        return ps;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Column arrays of a page, for unnest(). */
    private static final class Columns {
        private final List<List<String>> columns = new ArrayList<>();

        Columns(int count) {
            for (int i = 0; i < count; i++) {
                columns.add(new ArrayList<>());
            }
        }

        void add(String... values) {
            for (int i = 0; i < values.length; i++) {
                columns.get(i).add(values[i]);
            }
        }

        boolean isEmpty() {
            return columns.get(0).isEmpty();
        }

        List<String> column(int index) {
            return columns.get(index);
        }

        List<List<String>> columns() {
            return columns;
        }
    }
}
