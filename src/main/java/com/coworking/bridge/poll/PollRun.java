package com.coworking.bridge.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.base.Errors;
import com.coworking.bridge.instance.Outages;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.mirror.BookingMirror;
import com.coworking.bridge.mirror.Mirror;
import com.coworking.bridge.spacebring.SpacebringRequests;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.DeadLetters;
import com.coworking.bridge.sync.SyncQueue;

/**
 * One pass of the poll over a link's location: starts it (a full sync on first start or when the link
 * was enabled again), stores each page in the mirror and queues the users whose rows changed, and when - and
 * only when - every list was read to its end, lets the mirror treat what was not listed as gone.
 */
public final class PollRun {

    private static final Logger LOG = LoggerFactory.getLogger(PollRun.class);
    private static final int LOG_EVERY_PAGES = 100;

    private final JdbcTemplate jdbc;
    private final Mirror mirror;
    private final SyncQueue queue;
    private final AuditLog audit;
    private final DeadLetters deadLetters;
    private final Function<Link, PollProgress> progressOf;
    private final Outages outages;
    private final Clock clock;
    private final Executor pageWriter;
    private final SpacebringRequests spacebring;
    private final BookingMirror bookings;

    /**
     * @param progressOf the progress (MBean) of a link's polls
     * @param pageWriter the threads that write pages to the mirror while the poll reads on
     */
    public PollRun(DataSource dataSource, Mirror mirror, SyncQueue queue, AuditLog audit, DeadLetters deadLetters,
                   Function<Link, PollProgress> progressOf, Outages outages, Clock clock, Executor pageWriter,
                   SpacebringRequests spacebring, BookingMirror bookings) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.mirror = mirror;
        this.queue = queue;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.progressOf = progressOf;
        this.outages = outages;
        this.clock = clock;
        this.pageWriter = pageWriter;
        this.spacebring = spacebring;
        this.bookings = bookings;
    }

    /** The exchange property {@code poll} of the poll route. */
    public PollPass begin(@ExchangeProperty("link") Link link) {
        String location = link.locationRef();
        Integer known = jdbc.queryForObject("select count(*) from sb_membership where location_ref = ?", Integer.class, location);
        List<Boolean> wasEnabled = jdbc.queryForList("select enabled from link_state where location_ref = ?", Boolean.class, location);
        boolean reEnabled = link.isActive() && !wasEnabled.isEmpty() && !wasEnabled.get(0);
        // A full sync queues its users only at its end, so one that did not complete is begun again
        List<String> lastFull = jdbc.queryForList("""
                select coalesce(outcome, 'unfinished') from poll_run where location_ref = ? and full_sync order by id desc limit 1""",
                String.class, location);
        boolean fullUnfinished = !lastFull.isEmpty() && !lastFull.get(0).startsWith("complete");
        boolean full = (known == null || known == 0) || reEnabled || fullUnfinished;
        jdbc.update("""
                insert into link_state (location_ref, enabled) values (?, ?)
                on conflict (location_ref) do update set enabled = excluded.enabled,
                  changed_at = case when link_state.enabled = excluded.enabled then link_state.changed_at else now() end""",
                location, link.isActive());
        Long pollId = jdbc.queryForObject("insert into poll_run (location_ref, full_sync) values (?, ?) returning id", Long.class,
                location, full);
        // What an earlier poll of the location noted and did not clear (the bridge stopped mid-poll) is of no use now
        jdbc.update("delete from poll_seen where poll_id in (select id from poll_run where location_ref = ? and id < ?)", location, pollId);
        PollProgress progress = progressOf.apply(link);
        progress.started(full, clock.instant());
        if (full) {
            String why = reEnabled ? "the link was enabled again"
                    : fullUnfinished ? "the last full sync did not complete" : "the mirror is empty";
            LOG.info("Link {}: full sync of location {} started ({})", link.name(), location, why);
        }
        Instant now = clock.instant();
        return new PollPass(pollId, link, full, progress, pageWriter, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(link.doors().pollDaysAhead())));
    }

    /**
     * The lists of the location the poll reads side by side, each with the pager route that walks it. Without a
     * status Spacebring lists only active, scheduled and incomplete subscriptions.
     */
    public List<PollList> lists(@ExchangeProperty("link") Link link, @ExchangeProperty("poll") PollPass poll) {
        String location = link.locationRef();
        List<PollList> lists = new ArrayList<>(List.of(new PollList("poll-memberships", spacebring.list("/community/memberships/v1", location)),
                new PollList("poll-deleted-memberships", spacebring.list("/community/memberships/v1/deleted", location)),
                new PollList("poll-companies", spacebring.list("/community/companies/v1", location)),
                new PollList("poll-subscriptions", spacebring.list("/subscriptions/v1", location, "status",
                        "active,scheduled,incomplete,incompleteExpired,canceled"))));
        if (link.doors().bookings()) {
            lists.add(new PollList("poll-resources", spacebring.list("/resources/v1", location)));
            // Each occurrence of a repeating booking on its own, so that one cancelled alone closes only its day
            lists.add(new PollList("poll-bookings", spacebring.list("/resources/bookings/v1", location, "status", link.doors().bookingStatuses())
                    .withQuery("singleBookings", "true").withQuery("endDate[gte]", poll.from().toString())
                    .withQuery("startDate[lte]", poll.to().toString())));
        }
        if (link.doors().visitors()) {
            lists.add(new PollList("poll-visits", spacebring.list("/visitors/visits/v1", location)
                    .withQuery("date[gte]", poll.from().toString()).withQuery("date[lte]", poll.to().toString())));
        }
        return lists;
    }

    public void resources(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "resources", () -> pageDone(poll, bookings.saveResources(ofLocation(page, "resources", poll), poll.id()),
                "sb_resource, sb_resource_assignment"));
    }

    public void bookings(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "bookings", () -> pageDone(poll, bookings.saveConfirmedBookings(Mirror.elements(page, "bookings"), poll.id(),
                poll.locationRef()), "sb_booking, sb_booking_person"));
    }

    public void visits(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "visits", () -> pageDone(poll, bookings.saveVisits(ofLocation(page, "visits", poll), poll.id()), "sb_visit"));
    }

    public void memberships(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "memberships", () -> pageDone(poll,
                mirror.saveMemberships(ofLocation(page, "memberships", poll), poll.id(), !poll.fullSync()), "sb_membership"));
    }

    public void deletedMemberships(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "deleted memberships", () ->
                pageDone(poll, mirror.saveDeletedMemberships(ofLocation(page, "memberships", poll)), "sb_membership"));
    }

    public void companies(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "companies", () ->
                pageDone(poll, mirror.saveCompanies(ofLocation(page, "companies", poll), poll.id()), "sb_company"));
    }

    public void subscriptions(@Body JsonNode page, @ExchangeProperty("poll") PollPass poll) {
        write(poll, "subscriptions", () -> saveSubscriptions(page, poll));
    }

    /** A subscription with a value the bridge cannot read is left as it was, marked, audited and kept as a dead letter. */
    private void saveSubscriptions(JsonNode page, PollPass poll) {
        Map<String, String> skipped = new LinkedHashMap<>();
        List<JsonNode> rows = ofLocation(page, "subscriptions", poll);
        mirror.savePlanTitles(rows, poll.planTitles());
        ZoneId zone = poll.zone().updateAndGet(known -> known != null ? known : mirror.zoneOf(poll.locationRef()));
        Set<String> changed = mirror.saveSubscriptions(rows, poll.id(), zone, skipped, !poll.fullSync());
        skipped.forEach((id, why) -> {
            mirror.markUnreadable("subscription", id, why);
            audit.unreadable("subscription " + id, why);
            deadLetters.unreadable("subscription", id, rows.stream().filter(r -> id.equals(r.path("id").asText())).findFirst()
                    .map(JsonNode::toString).orElse("{}"), why);
        });
        poll.unreadable().addAndGet(skipped.size());
        pageDone(poll, changed, "sb_subscription, sb_subscription_item");
    }

    /** Every list was read to its end: what the poll did not see is gone. Not when one of the lists failed. */
    public void complete(@ExchangeProperty("poll") PollPass poll) {
        poll.awaitWrites();
        if (poll.failure().get() != null) {
            return;
        }
        String location = poll.locationRef();
        Set<String> gone = new java.util.LinkedHashSet<>(mirror.sweepUnlisted(location, poll.id()));
        if (poll.link().doors().bookings()) {
            gone.addAll(bookings.sweepResources(location, poll.id()));
            gone.addAll(bookings.sweepBookings(location, poll.id(), poll.from(), poll.to()));
        }
        if (poll.link().doors().visitors()) {
            gone.addAll(bookings.sweepVisits(location, poll.id(), poll.from(), poll.to()));
        }
        queue.mark(poll.link(), gone, "poll: no longer listed by Spacebring");
        if (poll.fullSync()) {
            queue.markEveryone(poll.link(), "full sync");
        }
        PollProgress progress = poll.progress();
        int pages = progress.getPagesFetched();
        int unreadable = poll.unreadable().get();
        String outcome = "complete" + (unreadable > 0 ? "; " + unreadable + " unreadable row(s) left as they were" : "");
        jdbc.update("update poll_run set finished_at = now(), pages = ?, outcome = ? where id = ?", pages, outcome, poll.id());
        jdbc.update("delete from poll_seen where poll_id = ?", poll.id());
        progress.finished(outcome + ": " + pages + " pages", clock.instant());
        // Without the count of users known (the MBean's UsersKnown): at 100,000 members it costs the database a second
        LOG.info("Link {}: {} of location {} {}: {} pages, {} user(s) no longer listed", poll.link().name(),
                poll.fullSync() ? "full sync" : "poll", location, outcome, pages, gone.size());
    }

    /** A list could not be read to its end: nothing is swept, the next poll starts over. */
    public void failed(@ExchangeProperty("link") Link link, @ExchangeProperty("poll") PollPass poll, Exchange exchange) {
        PollProgress progress = progressOf.apply(link);
        String outcome = "failed after " + progress.getPagesFetched() + " pages: " + Errors.caught(exchange);
        if (poll != null) {
            try {
                poll.awaitWrites();
            } catch (RuntimeException alsoFailed) {
                LOG.debug("Link {}: a page write failed too, after {}", link.name(), outcome, alsoFailed);
            }
            if (!poll.failure().compareAndSet(null, outcome)) {
                LOG.debug("Link {}: another list of the poll stopped too: {}", link.name(), outcome);
                return;
            }
        }
        progress.finished(outcome, clock.instant());
        try {
            if (poll != null) {
                jdbc.update("update poll_run set finished_at = now(), pages = ?, outcome = ? where id = ?", progress.getPagesFetched(),
                        outcome, poll.id());
                jdbc.update("delete from poll_seen where poll_id = ?", poll.id());
            }
            LOG.error("Link {}: poll of location {} {}; nothing was treated as deleted, the next poll starts over", link.name(),
                    link.locationRef(), outcome);
        } catch (RuntimeException databaseAway) {
            outages.failed(exchange);
        }
    }

    /** Hands a page to its list's writes; once another list failed, the poll is over and this list stops too. */
    private static void write(PollPass poll, String list, Runnable page) {
        if (poll.failure().get() != null) {
            throw new IllegalStateException("The poll stopped: " + poll.failure().get());
        }
        poll.writesOf(list).add(page);
    }

    /**
     * A full sync loads an empty mirror: without fresh statistics PostgreSQL would scan whole tables for every page.
     * The tables a list writes are analysed while they grow by orders of magnitude - at its 16th, 32nd, 64th and 128th
     * page. By then every statement of a page uses its indexes, and later analyses (of 30,000 sampled rows each) would
     * cost more than they change; autovacuum keeps the statistics after that.
     */
    private void pageDone(PollPass poll, Set<String> changedUsers, String tablesWritten) {
        if (!poll.fullSync()) {
            queue.mark(poll.link(), changedUsers, "poll: changed in Spacebring");
        }
        int pages = poll.progress().pageDone();
        int pagesOfThisList = poll.pagesOfList().merge(tablesWritten, 1, Integer::sum);
        if (poll.fullSync() && pagesOfThisList >= 16 && pagesOfThisList <= 128 && Integer.bitCount(pagesOfThisList) == 1) {
            jdbc.execute("analyze " + tablesWritten);
        }
        if (poll.fullSync() && pages % LOG_EVERY_PAGES == 0) {
            LOG.info("Link {}: full sync of location {}: {} pages read (every user is queued at the end)", poll.link().name(),
                    poll.locationRef(), pages);
        }
    }

    /** The rows of a page that belong to the polled location; others are logged and left out. */
    private static List<JsonNode> ofLocation(JsonNode page, String field, PollPass poll) {
        List<JsonNode> rows = new ArrayList<>();
        int foreign = 0;
        for (JsonNode row : page.path(field)) {
            JsonNode location = row.get("locationRef");
            if (location != null && !location.isNull() && !poll.locationRef().equals(location.asText())) {
                foreign++;
            } else {
                rows.add(row);
            }
        }
        if (foreign > 0) {
            LOG.warn("Poll of location {}: Spacebring listed {} {} of another location; not stored", poll.locationRef(), foreign, field);
        }
        return rows;
    }
}
