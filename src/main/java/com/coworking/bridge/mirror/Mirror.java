package com.coworking.bridge.mirror;

import static com.coworking.bridge.base.JsonFields.firstOf;
import static com.coworking.bridge.base.JsonFields.text;

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
    /**
     * Stores {@code incoming}. The parameter after the arrays is the poll that listed them (null: a webhook's answer,
     * always written, so its row is known fresh); a poll writes only the rows that changed.
     */
    private static final String UPSERT_MEMBERSHIPS = """
            insert into sb_membership (id, user_ref, location_ref, company_ref, status, type, email, name, surname, gone_at)
            select id, user_ref, location_ref, company_ref, status, type, email, name, surname, null from incoming
            on conflict (id) do update set user_ref = excluded.user_ref, location_ref = excluded.location_ref,
              company_ref = excluded.company_ref, status = excluded.status, type = excluded.type, email = excluded.email,
              name = excluded.name, surname = excluded.surname, gone_at = null, updated_at = now()
            where ?::bigint is null or (sb_membership.user_ref, sb_membership.location_ref, sb_membership.company_ref,
              sb_membership.status, sb_membership.type, sb_membership.email, sb_membership.name, sb_membership.surname,
              sb_membership.gone_at) is distinct from (excluded.user_ref, excluded.location_ref, excluded.company_ref,
              excluded.status, excluded.type, excluded.email, excluded.name, excluded.surname, excluded.gone_at)""";
    /** A page of subscriptions as rows ({@code incoming}), bound as one text array per column. */
    private static final String INCOMING_SUBSCRIPTIONS = """
            incoming as (
              select id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
                start_date::timestamptz, end_date::timestamptz, delete_date::timestamptz, items_sig
              from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[])
              as t(id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status, start_date, end_date,
                delete_date, items_sig))""";
    /** Stores {@code incoming}; the parameter after the arrays is the poll that listed them, as for memberships. */
    private static final String UPSERT_SUBSCRIPTIONS = """
            insert into sb_subscription (id, location_ref, subscription_type, user_ref, company_ref, membership_ref, status,
              start_date, end_date, delete_date, items_sig)
            select * from incoming
            on conflict (id) do update set location_ref = excluded.location_ref, subscription_type = excluded.subscription_type,
              user_ref = excluded.user_ref, company_ref = excluded.company_ref, membership_ref = excluded.membership_ref,
              status = excluded.status, start_date = excluded.start_date, end_date = excluded.end_date,
              delete_date = excluded.delete_date, items_sig = excluded.items_sig, updated_at = now()
            where ?::bigint is null or (sb_subscription.location_ref, sb_subscription.subscription_type, sb_subscription.user_ref,
              sb_subscription.company_ref, sb_subscription.membership_ref, sb_subscription.status, sb_subscription.start_date,
              sb_subscription.end_date, sb_subscription.delete_date, sb_subscription.items_sig) is distinct from
              (excluded.location_ref, excluded.subscription_type, excluded.user_ref, excluded.company_ref, excluded.membership_ref,
              excluded.status, excluded.start_date, excluded.end_date, excluded.delete_date, excluded.items_sig)""";

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
            markRead("membership", List.of(text(membership, "id")), null);
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
        markRead("subscription", List.of(subscriptionId), null);
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
        // A membership at another location does not count: the user's membership here is what is unknown
        return jdbc.queryForList("select 1 from sb_membership where user_ref = ? and location_ref = ?", userRef,
                text(s, "locationRef")).isEmpty() ? userRef : null;
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
        seen(pollId, "membership", rows.keySet());
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
        seen(pollId, "company", rows.keySet());
        return rows.isEmpty() ? new LinkedHashSet<>() : users("""
                with incoming as (select * from unnest(?::text[], ?::text[], ?::text[]) as t(id, location_ref, title)),
                old as (select c.* from sb_company c join incoming using (id)),
                up as (
                  insert into sb_company (id, location_ref, title, deleted_at)
                  select id, location_ref, title, null from incoming
                  on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title,
                    deleted_at = null, updated_at = now()
                  where ?::bigint is null or (sb_company.location_ref, sb_company.title, sb_company.deleted_at)
                    is distinct from (excluded.location_ref, excluded.title, excluded.deleted_at))
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
    public Set<String> saveSubscriptions(List<JsonNode> page, Long pollId, ZoneId locationZone, Map<String, String> unreadable,
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
                    seen(pollId, "subscription", List.of(id));
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
                where location_ref = ? and gone_at is null
                  and not exists (select 1 from poll_seen s where s.poll_id = ? and s.kind = 'membership' and s.id = sb_membership.id)
                  and updated_at < (select started_at from poll_run where id = ?) returning user_ref""",
                String.class, locationRef, pollId, pollId));
        gone.addAll(jdbc.queryForList("""
                with deleted as (update sb_company set deleted_at = now(), updated_at = now()
                  where location_ref = ? and deleted_at is null
                    and not exists (select 1 from poll_seen s where s.poll_id = ? and s.kind = 'company' and s.id = sb_company.id)
                    and updated_at < (select started_at from poll_run where id = ?) returning id)
                select m.user_ref from deleted d join sb_membership m on m.company_ref = d.id""",
                String.class, locationRef, pollId, pollId));
        List<String> deleted = jdbc.queryForList("""
                update sb_subscription set delete_date = now(), updated_at = now()
                where location_ref = ? and delete_date is null
                  and not exists (select 1 from poll_seen s where s.poll_id = ? and s.kind = 'subscription' and s.id = sb_subscription.id)
                  and updated_at < (select started_at from poll_run where id = ?) returning id""",
                String.class, locationRef, pollId, pollId);
        gone.addAll(usersOf(deleted));
        return gone;
    }

    // ------------------------------------------------------------------ reading

    /**
     * The users to reconcile for a membership or subscription webhook when the mirror already holds its object as read
     * after the webhook arrived - by a poll or full-sync page (a poll begun after it), a burst list or another webhook's
     * lookup ({@code read_at}) - so Spacebring need not be asked again; else null. What counts is when the object was
     * read, never when it was written: a page read before the webhook and written after it answers nothing. A complete
     * poll of the location begun after the webhook answers for everything in it.
     */
    public Set<String> alreadyAnswered(Map<String, Object> webhook, String locationRef) {
        String type = String.valueOf(webhook.get("event_type"));
        Object received = webhook.get("received_at");
        if (received == null || locationRef == null) {
            return null;
        }
        boolean completePollSince = Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from poll_run where location_ref = ? and started_at > ? and outcome like 'complete%')""",
                Boolean.class, locationRef, received));
        if (type.startsWith("membership.") && webhook.get("user_ref") != null) {
            String userRef = (String) webhook.get("user_ref");
            boolean fresh = completePollSince || Boolean.TRUE.equals(jdbc.queryForObject("""
                    select exists (select 1 from sb_membership m where m.user_ref = ? and m.location_ref = ? and (m.read_at > ?
                      or exists (select 1 from poll_seen s join poll_run p on p.id = s.poll_id
                                 where s.kind = 'membership' and s.id = m.id and p.started_at > ?)))""",
                    Boolean.class, userRef, locationRef, received, received));
            return fresh ? new LinkedHashSet<>(Set.of(userRef)) : null;
        }
        if (type.startsWith("subscription.") && webhook.get("subscription_ref") != null) {
            String subscriptionId = (String) webhook.get("subscription_ref");
            // A member the mirror does not know yet is looked up with the subscription, as ever
            boolean fresh = Boolean.TRUE.equals(jdbc.queryForObject("""
                    select exists (select 1 from sb_subscription s where s.id = ? and s.location_ref = ? and (? or s.read_at > ?
                      or exists (select 1 from poll_seen n join poll_run p on p.id = n.poll_id
                                 where n.kind = 'subscription' and n.id = s.id and p.started_at > ?))
                      and (s.subscription_type is distinct from 'user' or exists (select 1 from sb_membership m
                           where m.location_ref = s.location_ref and (m.user_ref = s.user_ref or m.id = s.membership_ref))))""",
                    Boolean.class, subscriptionId, locationRef, completePollSince, received, received));
            return fresh ? usersOf(List.of(subscriptionId)) : null;
        }
        return null;
    }

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
        List<List<String>> ids = List.of(rows.stream().map(r -> r[0]).toList());
        seen(pollId, "subscription", ids.get(0));
        // A poll rewrites the items only of subscriptions whose items changed; a webhook's answer, always
        List<List<String>> itemsChanged = pollId == null ? ids : List.of(jdbc.query(con -> statement(con, "with " + INCOMING_SUBSCRIPTIONS
                + " select i.id from incoming i left join sb_subscription o using (id) where o.items_sig is distinct from i.items_sig",
                columns(rows, 11), false, null), (rs, n) -> rs.getString(1)));
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
        jdbc.update(con -> statement(con, "delete from sb_unreadable where kind = 'subscription' and id = any (?::text[])", ids, false, null));
        if (!itemsChanged.get(0).isEmpty()) {
            Set<String> rewrite = new java.util.HashSet<>(itemsChanged.get(0));
            jdbc.update(con -> statement(con, "delete from sb_subscription_item where subscription_id = any (?::text[])", itemsChanged, false,
                    null));
            List<String[]> newItems = items.stream().filter(item -> rewrite.contains(item[0])).toList();
            if (!newItems.isEmpty()) {
                jdbc.update(con -> statement(con, """
                        insert into sb_subscription_item (subscription_id, item_id, plan_ref, start_date, end_date)
                        select s, i, p, st::timestamptz, en::timestamptz from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as t(s, i, p, st, en) on conflict do nothing""", columns(newItems, 5), false, null));
            }
        }
        return changed;
    }

    /** The rows of a page's list field, in order. */
    public static List<JsonNode> elements(JsonNode page, String field) {
        List<JsonNode> rows = new ArrayList<>();
        page.path(field).forEach(rows::add);
        return rows;
    }

    /**
     * When these rows were read from Spacebring for webhooks (their own lookups, or a burst list begun then): a webhook
     * that arrived before is answered by the mirror ({@link #alreadyAnswered}). {@code readAt} null: now, by the
     * database's clock, as the webhooks' arrival is.
     */
    public void markRead(String kind, java.util.Collection<String> ids, Instant readAt) {
        String table = "membership".equals(kind) ? "sb_membership" : "sb_subscription";
        if (!ids.isEmpty()) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("update " + table + " set read_at = coalesce(?, now()) where id = any (?::text[])");
                ps.setTimestamp(1, readAt == null ? null : Timestamp.from(readAt));
                ps.setArray(2, con.createArrayOf("text", ids.toArray()));
                return ps;
            });
        }
    }

    /** Notes what a poll listed (table poll_seen), for its sweep; nothing outside a poll. */
    void seen(Long pollId, String kind, java.util.Collection<String> ids) {
        if (pollId != null && !ids.isEmpty()) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(
                        "insert into poll_seen (poll_id, kind, id) select ?, ?, unnest(?::text[]) on conflict do nothing");
                ps.setLong(1, pollId);
                ps.setString(2, kind);
                ps.setArray(3, con.createArrayOf("text", ids.toArray()));
                return ps;
            });
        }
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

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
