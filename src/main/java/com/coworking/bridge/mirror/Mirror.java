package com.coworking.bridge.mirror;

import static com.coworking.bridge.JsonFields.firstOf;
import static com.coworking.bridge.JsonFields.text;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.coworking.bridge.spacebring.SpacebringDates;
import com.coworking.bridge.spacebring.SpacebringIds;
import com.coworking.bridge.spacebring.Subscription;
import com.coworking.bridge.spacebring.UnreadableValue;

/**
 * The bridge's copy of Spacebring (tables {@code sb_*}), and their only writer: what a webhook made the bridge
 * fetch, the pages of a poll, and the sweep after a complete poll. Every write returns the users whose access
 * may have changed. An answer about another entity than the one asked for, or of another location, is not
 * written; it is logged.
 */
public final class Mirror {

    private static final Logger LOG = LoggerFactory.getLogger(Mirror.class);
    private static final ZoneId UTC = ZoneOffset.UTC;

    /** A page of memberships as rows ({@code incoming}), bound as one text array per column. */
    private static final String INCOMING_MEMBERSHIPS = """
            incoming as (
              select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
              as t(id, user_ref, location_ref, company_ref, status, type, email, name, surname))""";
    /** Stores {@code incoming}; the parameter after the arrays is the poll that listed them. */
    private static final String UPSERT_MEMBERSHIPS = """
            insert into sb_membership (id, user_ref, location_ref, company_ref, status, type, email, name, surname, gone_at, seen_poll)
            select id, user_ref, location_ref, company_ref, status, type, email, name, surname, null, ? from incoming
            on conflict (id) do update set user_ref = excluded.user_ref, location_ref = excluded.location_ref,
              company_ref = excluded.company_ref, status = excluded.status, type = excluded.type, email = excluded.email,
              name = excluded.name, surname = excluded.surname, gone_at = null,
              seen_poll = coalesce(excluded.seen_poll, sb_membership.seen_poll), updated_at = now()""";
    /** A page of subscriptions as rows ({@code incoming}), bound as one text array per column. */
    private static final String INCOMING_SUBSCRIPTIONS = """
            incoming as (
              select id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
                start_date::timestamptz, end_date::timestamptz, delete_date::timestamptz, items_sig
              from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[])
              as t(id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status, start_date, end_date,
                delete_date, items_sig))""";
    /** Stores {@code incoming}; the parameter after the arrays is the poll that listed them. */
    private static final String UPSERT_SUBSCRIPTIONS = """
            insert into sb_subscription (id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
              start_date, end_date, delete_date, items_sig, seen_poll)
            select *, ? from incoming
            on conflict (id) do update set location_ref = excluded.location_ref, subscription_type = excluded.subscription_type,
              user_ref = excluded.user_ref, company_ref = excluded.company_ref, membership_ref = excluded.membership_ref,
              status = excluded.status, start_date = excluded.start_date, end_date = excluded.end_date,
              delete_date = excluded.delete_date, items_sig = excluded.items_sig,
              seen_poll = coalesce(excluded.seen_poll, sb_subscription.seen_poll), updated_at = now()""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public Mirror(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    // ------------------------------------------------------------------ what webhooks make the bridge fetch

    public void saveLocation(String locationRef, JsonNode answer) throws ForeignAnswer {
        JsonNode location = answer.path("location");
        expect("location", locationRef, text(location, "id"));
        jdbc.update("""
                insert into sb_location (id, title, timezone_id) values (?, ?, ?)
                on conflict (id) do update set title = excluded.title, timezone_id = excluded.timezone_id, updated_at = now()""",
                locationRef, text(location, "title"), text(location, "timezoneId"));
    }

    /**
     * One page of the approved memberships Spacebring lists for one user at the location (the pager
     * spacebring-user-memberships hands over each page). A membership of another user or location is not stored.
     */
    public void saveMembershipsPageOfUser(String userRef, String locationRef, JsonNode page) {
        for (JsonNode membership : page.path("memberships")) {
            String owner = firstOf(text(membership, "userRef"), text(membership.path("user"), "id"));
            if (!userRef.equals(owner) || !locationRef.equals(text(membership, "locationRef"))) {
                LOG.warn("Spacebring listed membership {} of user {} at location {} when asked for user {} at {}: not stored",
                        SpacebringIds.shown(text(membership, "id")), SpacebringIds.shown(owner),
                        SpacebringIds.shown(text(membership, "locationRef")), userRef, locationRef);
                continue;
            }
            saveMemberships(List.of(membership), null, false);
        }
    }

    /**
     * Once every page of the user's memberships was read: those it no longer lists are marked gone (deleted, or back
     * to requested) and give no access. Returns the user, to be reconciled.
     */
    public Set<String> endMembershipsOfUser(String userRef, String locationRef, Set<String> listed) {
        jdbc.update("update sb_membership set gone_at = now(), updated_at = now() where user_ref = ? and location_ref = ? "
                + "and gone_at is null and not (id = any (?))", userRef, locationRef, listed.toArray(String[]::new));
        return Set.of(userRef);
    }

    /** @param status 404 when Spacebring does not know the company (any more) */
    public Set<String> saveCompany(String companyRef, JsonNode answer, int status) throws ForeignAnswer, UnreadableValue {
        if (status == 404) {
            jdbc.update("update sb_company set deleted_at = coalesce(deleted_at, now()), updated_at = now() where id = ?", companyRef);
        } else {
            JsonNode company = answer.path("company");
            expect("company", companyRef, text(company, "id"));
            jdbc.update("""
                    insert into sb_company (id, location_ref, title, deleted_at) values (?, ?, ?, ?)
                    on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title,
                      deleted_at = excluded.deleted_at, updated_at = now()""",
                    companyRef, text(company, "locationRef"), text(company, "title"),
                    timestamp(SpacebringDates.parse(company.get("deleteDate"), UTC)));
        }
        return membersOf(companyRef);
    }

    /** @param status 404 when Spacebring does not know the subscription (any more): treated as deleted */
    public Set<String> saveSubscription(String subscriptionId, JsonNode answer, int status) throws ForeignAnswer, UnreadableValue {
        if (status == 404) {
            jdbc.update("update sb_subscription set delete_date = coalesce(delete_date, now()), updated_at = now() where id = ?",
                    subscriptionId);
            return usersOf(List.of(subscriptionId));
        }
        JsonNode json = answer.path("subscription");
        expect("subscription", subscriptionId, text(json, "id"));
        Subscription subscription = Subscription.read(json, zoneOf(text(json, "locationRef")));
        Set<String> affected = usersOf(List.of(subscriptionId));
        transaction.executeWithoutResult(tx -> writeSubscriptions(List.of(subscription), null, false));
        affected.addAll(usersOf(List.of(subscriptionId)));
        return affected;
    }

    /**
     * The titles a fetched subscription carries: its plans' ({@code items[].plan.title}) and, for a company
     * subscription, the company's ({@code customer.title}), so no plan list and no company has to be read to name
     * the tags. A company the mirror does not know yet (its webhook not applied) is added with its title.
     */
    public void saveTitles(String locationRef, JsonNode answer) {
        JsonNode s = answer.path("subscription");
        writePlanTitles(planTitles(List.of(s), locationRef));
        JsonNode customer = s.path("customer");
        String companyRef = firstOf(text(s, "companyRef"), "company".equals(text(customer, "type")) ? text(customer, "id") : null);
        String companyTitle = firstOf(text(customer, "title"), text(s.path("company"), "title"));
        if (SpacebringIds.isId(companyRef) && companyTitle != null) {
            jdbc.update("""
                    insert into sb_company (id, location_ref, title) values (?, ?, ?)
                    on conflict (id) do update set title = excluded.title, updated_at = now()
                    where sb_company.title is distinct from excluded.title""", companyRef, locationRef, companyTitle);
        }
    }

    /** The user of a fetched individual subscription when the mirror has no membership of them yet, else null. */
    public String unknownMember(JsonNode answer) {
        JsonNode s = answer.path("subscription");
        JsonNode customer = s.path("customer");
        String type = firstOf(text(s, "subscriptionType"), text(customer, "type"));
        String userRef = firstOf(text(s, "userRef"),
                "user".equals(type) ? firstOf(text(customer.path("user"), "id"), text(customer, "id")) : null);
        if (!"user".equals(type) || !SpacebringIds.isId(userRef)) {
            return null;
        }
        return jdbc.queryForList("select 1 from sb_membership where user_ref = ?", userRef).isEmpty() ? userRef : null;
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

    // ------------------------------------------------------------------ pages (the poll, and a company's members)

    /** A page of the plan list (the pager's page handler). */
    public void savePlansPage(@Body JsonNode page) {
        savePlans(elements(page, "plans"));
    }

    /**
     * @param pollId           the poll that listed them, or null outside a poll
     * @param findChangedUsers whether to return the users whose rows are new or changed; without, the rows are only
     *                         stored (a full sync reconciles everyone at its end, a webhook its own user)
     */
    public Set<String> saveMemberships(List<JsonNode> page, Long pollId, boolean findChangedUsers) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (JsonNode m : page) {
            JsonNode user = m.path("user");
            String id = text(m, "id");
            if (id != null) {
                rows.put(id, new String[] {id, firstOf(text(m, "userRef"), text(user, "id")), text(m, "locationRef"),
                        text(m, "companyRef"), text(m, "status"), text(m, "type"), text(user, "email"), text(user, "name"),
                        text(user, "surname")});
            }
        }
        if (rows.isEmpty()) {
            return new LinkedHashSet<>();
        }
        if (!findChangedUsers) {
            jdbc.update(con -> statement(con, "with " + INCOMING_MEMBERSHIPS + " " + UPSERT_MEMBERSHIPS, columns(rows.values(), 9), true,
                    pollId));
            return new LinkedHashSet<>();
        }
        return users("with " + INCOMING_MEMBERSHIPS + """
                , old as (select m.* from sb_membership m join incoming using (id)),
                up as (""" + UPSERT_MEMBERSHIPS + """
                )
                select i.user_ref from incoming i left join old o using (id)
                where o.id is null or (o.company_ref, o.status, o.email, o.name, o.surname, o.gone_at)
                  is distinct from (i.company_ref, i.status, i.email, i.name, i.surname, null)""", columns(rows.values(), 9), pollId);
    }

    /** Memberships Spacebring lists as deleted: gone. */
    public Set<String> saveDeletedMemberships(List<JsonNode> page) {
        List<String> ids = page.stream().map(m -> text(m, "id")).filter(id -> id != null).distinct().toList();
        return ids.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(jdbc.queryForList("""
                update sb_membership set gone_at = now(), updated_at = now()
                where id = any (?) and gone_at is null returning user_ref""", String.class, (Object) ids.toArray(String[]::new)));
    }

    public Set<String> saveCompanies(List<JsonNode> page, long pollId) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (JsonNode company : page) {
            String id = text(company, "id");
            if (id != null) {
                rows.put(id, new String[] {id, text(company, "locationRef"), text(company, "title")});
            }
        }
        return rows.isEmpty() ? new LinkedHashSet<>() : users("""
                with incoming as (select * from unnest(?::text[], ?::text[], ?::text[]) as t(id, location_ref, title)),
                old as (select c.* from sb_company c join incoming using (id)),
                up as (
                  insert into sb_company (id, location_ref, title, deleted_at, seen_poll)
                  select id, location_ref, title, null, ? from incoming
                  on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title,
                    deleted_at = null, seen_poll = excluded.seen_poll, updated_at = now())
                select m.user_ref from incoming i join old o using (id) join sb_membership m on m.company_ref = i.id
                where o.deleted_at is not null""", columns(rows.values(), 3), pollId);
    }

    public void savePlans(List<JsonNode> page) {
        for (JsonNode plan : page) {
            if (text(plan, "id") != null) {
                jdbc.update("""
                        insert into sb_plan (id, location_ref, title) values (?, ?, ?)
                        on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title, updated_at = now()""",
                        text(plan, "id"), text(plan, "locationRef"), text(plan, "title"));
            }
        }
    }

    /**
     * One page of subscriptions. A subscription with a value the bridge cannot read is left as it was (but
     * counted as listed, so the sweep does not take it for gone) and reported in {@code unreadable}.
     *
     * @param findChangedUsers as for {@link #saveMemberships}
     */
    public Set<String> saveSubscriptions(List<JsonNode> page, long pollId, ZoneId locationZone, Map<String, String> unreadable,
                                         boolean findChangedUsers) {
        Map<String, Subscription> rows = new LinkedHashMap<>();
        for (JsonNode json : page) {
            try {
                Subscription subscription = Subscription.read(json, locationZone);
                rows.put(subscription.id(), subscription);
            } catch (UnreadableValue e) {
                String id = text(json, "id");
                unreadable.put(id == null ? "(no id)" : id, e.getMessage());
                if (SpacebringIds.isId(id)) {
                    jdbc.update("update sb_subscription set seen_poll = ? where id = ?", pollId, id);
                }
            }
        }
        if (rows.isEmpty()) {
            return new LinkedHashSet<>();
        }
        // One transaction: the access sync must never see a subscription without its items.
        return transaction.execute(status -> writeSubscriptions(rows.values(), pollId, findChangedUsers));
    }

    /**
     * The plan titles a poll's page of subscriptions carries, so a plan created after the poll read the plans is named.
     * {@code written}: the titles this poll stored already, by plan; only others are written, and then noted there.
     */
    public void savePlanTitles(List<JsonNode> subscriptions, Map<String, String> written) {
        Map<String, String[]> plans = planTitles(subscriptions, null);
        plans.values().removeIf(plan -> plan[2].equals(written.get(plan[0])));
        writePlanTitles(plans);
        plans.values().forEach(plan -> written.put(plan[0], plan[2]));
    }

    /**
     * The plan titles subscriptions carry ({@code items[].plan.title}) as rows of sb_plan, by plan. {@code locationRef}
     * null: each subscription's own.
     */
    private static Map<String, String[]> planTitles(List<JsonNode> subscriptions, String locationRef) {
        Map<String, String[]> plans = new LinkedHashMap<>();
        for (JsonNode subscription : subscriptions) {
            for (JsonNode item : subscription.path("items")) {
                String planRef = firstOf(text(item, "planRef"), text(item.path("plan"), "id"));
                String title = text(item.path("plan"), "title");
                if (SpacebringIds.isId(planRef) && title != null) {
                    plans.put(planRef, new String[] {planRef, locationRef == null ? text(subscription, "locationRef") : locationRef, title});
                }
            }
        }
        return plans;
    }

    /** One statement for the lot; a title already known is left alone. */
    private void writePlanTitles(Map<String, String[]> plans) {
        if (!plans.isEmpty()) {
            jdbc.update(con -> statement(con, """
                    insert into sb_plan (id, location_ref, title) select * from unnest(?::text[], ?::text[], ?::text[])
                    on conflict (id) do update set title = excluded.title, updated_at = now()
                    where sb_plan.title is distinct from excluded.title""", columns(plans.values(), 3), false, null));
        }
    }

    /** A row Spacebring listed with a value the bridge cannot read: kept apart with the reason (table sb_unreadable). */
    public void markUnreadable(String kind, String id, String reason) {
        jdbc.update("""
                insert into sb_unreadable (kind, id, reason) values (?, ?, ?)
                on conflict (kind, id) do update set reason = excluded.reason, seen_at = now()""", kind, id, reason);
    }

    /**
     * After a poll that read every list to its end: rows of the location it did not list, and that nothing
     * wrote while it ran (a webhook's row is newer than the poll), are gone.
     */
    public Set<String> sweepUnlisted(String locationRef, long pollId) {
        Set<String> gone = new LinkedHashSet<>(jdbc.queryForList("""
                update sb_membership set gone_at = now(), updated_at = now()
                where location_ref = ? and gone_at is null and seen_poll is distinct from ?
                  and updated_at < (select started_at from poll_run where id = ?) returning user_ref""",
                String.class, locationRef, pollId, pollId));
        gone.addAll(jdbc.queryForList("""
                with deleted as (update sb_company set deleted_at = now(), updated_at = now()
                  where location_ref = ? and deleted_at is null and seen_poll is distinct from ?
                    and updated_at < (select started_at from poll_run where id = ?) returning id)
                select m.user_ref from deleted d join sb_membership m on m.company_ref = d.id""",
                String.class, locationRef, pollId, pollId));
        List<String> deleted = jdbc.queryForList("""
                update sb_subscription set delete_date = now(), updated_at = now()
                where location_ref = ? and delete_date is null and seen_poll is distinct from ?
                  and updated_at < (select started_at from poll_run where id = ?) returning id""",
                String.class, locationRef, pollId, pollId);
        gone.addAll(usersOf(deleted));
        return gone;
    }

    // ------------------------------------------------------------------ reading

    public String timezone(String locationRef) {
        return jdbc.query("select timezone_id from sb_location where id = ?", rs -> rs.next() ? rs.getString(1) : null, locationRef);
    }

    public ZoneId zoneOf(String locationRef) {
        return SpacebringDates.zone(timezone(locationRef), UTC);
    }

    public String planTitle(String planRef) {
        return jdbc.query("select title from sb_plan where id = ?", rs -> rs.next() ? rs.getString(1) : null, planRef);
    }

    public String companyTitle(String companyRef) {
        return jdbc.query("select title from sb_company where id = ?", rs -> rs.next() ? rs.getString(1) : null, companyRef);
    }

    /** The users a subscription concerns: its user, or every member of its company (view {@code sb_subscription_users}). */
    public Set<String> usersOf(List<String> subscriptionIds) {
        return subscriptionIds.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(jdbc.queryForList(
                "select distinct user_ref from sb_subscription_users where subscription_id = any (?)", String.class,
                (Object) subscriptionIds.toArray(String[]::new)));
    }

    public Set<String> membersOf(String companyRef) {
        return new LinkedHashSet<>(jdbc.queryForList("select user_ref from sb_membership where company_ref = ?", String.class, companyRef));
    }

    // ------------------------------------------------------------------ helpers

    /** @param findChangedUsers as for {@link #saveMemberships} */
    private Set<String> writeSubscriptions(java.util.Collection<Subscription> subscriptions, Long pollId, boolean findChangedUsers) {
        List<String[]> rows = new ArrayList<>();
        List<String[]> items = new ArrayList<>();
        for (Subscription s : subscriptions) {
            rows.add(new String[] {s.id(), s.locationRef(), s.type(), s.userRef(), s.companyRef(), s.membershipRef(), s.status(),
                    iso(s.startDate()), iso(s.endDate()), iso(s.deleteDate()), s.itemsSignature()});
            int n = 0;
            for (Subscription.Item item : s.items()) {
                items.add(new String[] {s.id(), item.id() != null ? item.id() : "#" + n, item.planRef(), iso(item.startDate()),
                        iso(item.endDate())});
                n++;
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        if (findChangedUsers) {
            changed = users("with " + INCOMING_SUBSCRIPTIONS + """
                    , old as (select s.* from sb_subscription s join incoming using (id)),
                    up as (""" + UPSERT_SUBSCRIPTIONS + """
                    ),
                    changed as (
                      select i.id from incoming i left join old o using (id)
                      where o.id is null or (o.subscription_type, o.user_ref, o.company_ref, o.membership_ref, o.status, o.start_date,
                        o.end_date, o.delete_date, o.items_sig) is distinct from (i.subscription_type, i.user_ref, i.company_ref,
                        i.membership_ref, i.status, i.start_date, i.end_date, i.delete_date, i.items_sig)),
                    users as (
                      select coalesce(i.user_ref, m.user_ref) as user_ref from changed join incoming i using (id)
                        left join sb_membership m on m.id = i.membership_ref where i.subscription_type = 'user'
                      union
                      select m.user_ref from changed join incoming i using (id) join sb_membership m on m.company_ref = i.company_ref
                      where i.subscription_type = 'company')
                    select user_ref from users where user_ref is not null""", columns(rows, 11), pollId);
        } else {
            jdbc.update(con -> statement(con, "with " + INCOMING_SUBSCRIPTIONS + " " + UPSERT_SUBSCRIPTIONS, columns(rows, 11), true,
                    pollId));
        }
        List<List<String>> ids = List.of(rows.stream().map(r -> r[0]).toList());
        jdbc.update(con -> statement(con, "delete from sb_unreadable where kind = 'subscription' and id = any (?::text[])", ids, false, null));
        jdbc.update(con -> statement(con, "delete from sb_subscription_item where subscription_id = any (?::text[])", ids, false, null));
        if (!items.isEmpty()) {
            jdbc.update(con -> statement(con, """
                    insert into sb_subscription_item (subscription_id, item_id, plan_ref, start_date, end_date)
                    select s, i, p, st::timestamptz, en::timestamptz from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as t(s, i, p, st, en) on conflict do nothing""", columns(items, 5), false, null));
        }
        return changed;
    }

    private static List<JsonNode> elements(JsonNode page, String field) {
        List<JsonNode> rows = new ArrayList<>();
        page.path(field).forEach(rows::add);
        return rows;
    }

    static void expect(String what, String asked, String answered) throws ForeignAnswer {
        if (!asked.equals(answered)) {
            LOG.warn("Asked Spacebring for {} {} and got {} {}: not stored", what, asked, what, SpacebringIds.shown(answered));
            throw new ForeignAnswer("Spacebring answered about " + what + " " + SpacebringIds.shown(answered) + " when asked for " + asked);
        }
    }

    private Set<String> users(String sql, List<List<String>> columns, Long tail) {
        Set<String> users = new LinkedHashSet<>();
        jdbc.query(con -> statement(con, sql, columns, true, tail), rs -> {
            users.add(rs.getString(1));
        });
        return users;
    }

    /** Binds each column as a text array for unnest(), then (withPollId) the poll id, null outside a poll. */
    private static PreparedStatement statement(java.sql.Connection con, String sql, List<List<String>> columns, boolean withPollId,
                                               Long tail)
            throws java.sql.SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        int i = 1;
        for (List<String> column : columns) {
            Array array = con.createArrayOf("text", column.toArray());
            ps.setArray(i++, array);
        }
        if (withPollId) {
            ps.setObject(i, tail, java.sql.Types.BIGINT);
        }
        return ps;
    }

    private static List<List<String>> columns(java.util.Collection<String[]> rows, int count) {
        List<List<String>> columns = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            List<String> column = new ArrayList<>(rows.size());
            for (String[] row : rows) {
                column.add(row[c]);
            }
            columns.add(column);
        }
        return columns;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
