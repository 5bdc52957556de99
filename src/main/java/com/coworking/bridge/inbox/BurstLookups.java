package com.coworking.bridge.inbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.http.HttpCall;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.mirror.Mirror;
import com.coworking.bridge.spacebring.SpacebringRequests;

/**
 * Bursts as lists. When more webhooks of one kind wait at one location than the pages of a list that holds them all,
 * the list is read instead of one lookup each: the location's subscriptions created since the oldest of them waited
 * (a burst of purchases, renewals on the 1st), or the location's memberships (a bulk import). Each listed row is
 * written to the mirror as a webhook's answer would be, so the waiting webhooks are then answered by the mirror
 * ({@link Mirror#alreadyAnswered}); one the list does not hold is looked up alone, so nothing is missed.
 */
public final class BurstLookups {

    private static final Logger LOG = LoggerFactory.getLogger(BurstLookups.class);
    private static final int PAGE = 100;
    /** A subscription's webhook leaves soon after it is created; a list from a little before the oldest holds it. */
    private static final Duration CREATED_BEFORE_WEBHOOK = Duration.ofMinutes(15);

    /**
     * One list to read instead of single lookups: its pager route (routes/inbox.camel.yaml), first request and link.
     * {@code nextPageAskedAfter}: the next page is requested after this instant (by the database's clock, as the
     * webhooks' arrival is), so its rows are known as of then - a webhook that arrived before it is answered by them.
     */
    public record BurstList(String pager, HttpCall firstRequest, Link link, int webhooks, AtomicReference<Instant> nextPageAskedAfter) {
    }

    private final JdbcTemplate jdbc;
    private final Links links;
    private final SpacebringRequests spacebring;
    private final Mirror mirror;

    public BurstLookups(DataSource dataSource, Links links, SpacebringRequests spacebring, Mirror mirror) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.links = links;
        this.spacebring = spacebring;
        this.mirror = mirror;
    }

    /** The lists worth reading now: per linked location and kind, when its waiting webhooks outnumber the list's pages. */
    public List<BurstList> lists() {
        List<BurstList> lists = new ArrayList<>();
        // By the database's clock, as the webhooks' arrival is
        Instant now = databaseNow();
        for (Map<String, Object> row : jdbc.queryForList("""
                select i.location_ref, count(*) as waiting, min(i.received_at) as oldest from inbox i
                where i.status in ('pending', 'processing') and i.subscription_ref is not null and i.event_type like 'subscription.%'
                  and not exists (select 1 from sb_subscription s where s.id = i.subscription_ref and s.read_at > i.received_at)
                group by i.location_ref""")) {
            Link link = links.ofLocation((String) row.get("location_ref"));
            long waiting = ((Number) row.get("waiting")).longValue();
            // The list holds at least these subscriptions: ceil(waiting / 100) pages, and one for those created meanwhile
            if (link != null && row.get("location_ref") != null && waiting > pages(waiting) + 1) {
                String since = ((Timestamp) row.get("oldest")).toInstant().minus(CREATED_BEFORE_WEBHOOK).toString();
                lists.add(new BurstList("burst-subscriptions", spacebring.list("/subscriptions/v1", link.locationRef(), "status",
                        "active,scheduled,incomplete,incompleteExpired,canceled").withQuery("createDate[gte]", since), link, (int) waiting,
                        new AtomicReference<>(now)));
            }
        }
        for (Map<String, Object> row : jdbc.queryForList("""
                select i.location_ref, count(distinct i.user_ref) as waiting,
                  (select count(*) from sb_membership m where m.location_ref = i.location_ref) as known from inbox i
                where i.status in ('pending', 'processing') and i.user_ref is not null and i.event_type like 'membership.%'
                  and not exists (select 1 from sb_membership m where m.user_ref = i.user_ref and m.location_ref = i.location_ref
                                  and m.read_at > i.received_at)
                group by i.location_ref""")) {
            Link link = links.ofLocation((String) row.get("location_ref"));
            long waiting = ((Number) row.get("waiting")).longValue();
            long known = ((Number) row.get("known")).longValue();
            if (link != null && row.get("location_ref") != null && waiting > pages(known + waiting)) {
                lists.add(new BurstList("burst-memberships", spacebring.list("/community/memberships/v1", link.locationRef()), link,
                        (int) waiting, new AtomicReference<>(now)));
            }
        }
        lists.forEach(list -> LOG.info("Link {}: {} webhooks wait for a lookup each - one list is read instead: {}", list.link().name(),
                list.webhooks(), list.firstRequest()));
        return lists;
    }

    /** A page of the location's subscriptions, written as a webhook's answer would be. */
    public void subscriptionsPage(@Body JsonNode page, @ExchangeProperty("burst") BurstList burst) {
        Link link = burst.link();
        List<JsonNode> rows = rowsOf(page, "subscriptions", link);
        mirror.savePlanTitles(rows, new LinkedHashMap<>());
        ZoneId zone = mirror.zoneOf(link.locationRef());
        Map<String, String> unreadable = new LinkedHashMap<>();
        mirror.saveSubscriptions(rows, null, zone, unreadable, false);
        mirror.markRead("subscription", rows.stream().map(row -> row.path("id").asText()).filter(id -> !unreadable.containsKey(id)).toList(),
                burst.nextPageAskedAfter().getAndSet(databaseNow()));
        unreadable.forEach((id, why) -> LOG.warn("Link {}: subscription {} of a burst list left to its own lookup: {}", link.name(), id, why));
    }

    /** A page of the location's memberships, written as a webhook's answer would be. */
    public void membershipsPage(@Body JsonNode page, @ExchangeProperty("burst") BurstList burst) {
        List<JsonNode> rows = rowsOf(page, "memberships", burst.link());
        mirror.saveMemberships(rows, null, false);
        mirror.markRead("membership", rows.stream().map(row -> row.path("id").asText()).toList(),
                burst.nextPageAskedAfter().getAndSet(databaseNow()));
    }

    /** The rows of the link's location; any other is left out (and looked up alone, if a webhook names it). */
    private static List<JsonNode> rowsOf(JsonNode page, String field, Link link) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : page.path(field)) {
            if (link.locationRef().equals(row.path("locationRef").asText(link.locationRef()))) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Instant databaseNow() {
        return jdbc.queryForObject("select clock_timestamp()", Timestamp.class).toInstant();
    }

    private static long pages(long rows) {
        return (rows + PAGE - 1) / PAGE;
    }
}
