package com.coworking.bridge.poll;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.sync.Link;
import com.coworking.bridge.sync.SyncQueue;

/**
 * One pass of the poll over the linked location: starts it (a full sync on first start or when the link
 * was enabled again), counts its pages, and when - and only when - every list was read to its end,
 * treats what was not listed as gone. Users whose state changed are queued for the access sync.
 */
public final class PollRun {

    private static final Logger LOG = LoggerFactory.getLogger(PollRun.class);
    private static final int LOG_EVERY_PAGES = 100;
    private static final int ANALYZE_EVERY_PAGES = 100;

    private final JdbcTemplate jdbc;
    private final SyncQueue queue;
    private final Link link;
    private final PollProgress progress;
    private final Clock clock;

    public PollRun(DataSource dataSource, SyncQueue queue, Link link, PollProgress progress, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.queue = queue;
        this.link = link;
        this.progress = progress;
        this.clock = clock;
    }

    /** Sets the exchange properties {@code pollId} and {@code fullSync}. */
    public void begin(Exchange exchange) {
        String location = link.locationRef();
        Integer known = jdbc.queryForObject("select count(*) from sb_membership where location_ref = ?", Integer.class, location);
        List<Boolean> wasEnabled = jdbc.queryForList("select enabled from link_state where location_ref = ?", Boolean.class, location);
        boolean reEnabled = link.isActive() && !wasEnabled.isEmpty() && !wasEnabled.get(0);
        boolean full = (known == null || known == 0) || reEnabled;
        jdbc.update("""
                insert into link_state (location_ref, enabled) values (?, ?)
                on conflict (location_ref) do update set enabled = excluded.enabled,
                  changed_at = case when link_state.enabled = excluded.enabled then link_state.changed_at else now() end""",
                location, link.isActive());
        Long pollId = jdbc.queryForObject("insert into poll_run (location_ref, full_sync) values (?, ?) returning id", Long.class,
                location, full);
        exchange.setProperty("pollId", pollId);
        exchange.setProperty("fullSync", full);
        progress.started(full, clock.instant());
        if (full) {
            LOG.info("Full sync of location {} started ({})", location, reEnabled ? "the link was enabled again" : "the mirror is empty");
        }
    }

    /** After each page: queue the users whose state changed, and report progress now and then. */
    public void pageDone(@Body Set<String> changedUsers, @ExchangeProperty("fullSync") boolean full) {
        queue.mark(changedUsers, "poll: changed in Spacebring");
        int pages = progress.pageDone();
        if (full && pages % ANALYZE_EVERY_PAGES == 0) {
            // A full sync loads an empty mirror: without fresh statistics PostgreSQL scans whole tables for every page.
            jdbc.execute("analyze sb_membership, sb_subscription, sb_subscription_item, sb_company, sync_queue");
        }
        if (full && pages % LOG_EVERY_PAGES == 0) {
            LOG.info("Full sync of location {}: {} pages read, {} users known, {} reconciled", link.locationRef(), pages,
                    progress.getUsersKnown(), progress.getUsersDone());
        }
    }

    /** Every list was read to its end: what the poll did not see is gone. */
    public void complete(@ExchangeProperty("pollId") long pollId, @ExchangeProperty("fullSync") boolean full) {
        String location = link.locationRef();
        Set<String> gone = new java.util.LinkedHashSet<>();
        // Rows a webhook wrote while the poll ran were not listed by it, and are not gone.
        gone.addAll(jdbc.queryForList("""
                update sb_membership set gone_at = now(), updated_at = now()
                where location_ref = ? and gone_at is null and seen_poll is distinct from ?
                  and updated_at < (select started_at from poll_run where id = ?) returning user_ref""",
                String.class, location, pollId, pollId));
        gone.addAll(jdbc.queryForList("""
                with deleted as (update sb_company set deleted_at = now(), updated_at = now()
                  where location_ref = ? and deleted_at is null and seen_poll is distinct from ?
                    and updated_at < (select started_at from poll_run where id = ?) returning id)
                select m.user_ref from deleted d join sb_membership m on m.company_ref = d.id""",
                String.class, location, pollId, pollId));
        gone.addAll(jdbc.queryForList("""
                with deleted as (update sb_subscription set delete_date = now(), updated_at = now()
                  where location_ref = ? and delete_date is null and seen_poll is distinct from ?
                    and updated_at < (select started_at from poll_run where id = ?)
                  returning subscription_type, user_ref, company_ref, membership_ref)
                select coalesce(d.user_ref, m.user_ref) from deleted d left join sb_membership m on m.id = d.membership_ref
                where d.subscription_type = 'user' and coalesce(d.user_ref, m.user_ref) is not null
                union
                select m.user_ref from deleted d join sb_membership m on m.company_ref = d.company_ref
                where d.subscription_type = 'company'""", String.class, location, pollId, pollId));
        queue.mark(gone, "poll: no longer listed by Spacebring");
        if (full) {
            queue.mark(jdbc.queryForList("select distinct user_ref from sb_membership where location_ref = ?", String.class, location),
                    "full sync");
        }
        int pages = progress.getPagesFetched();
        jdbc.update("update poll_run set finished_at = now(), pages = ?, outcome = 'complete' where id = ?", pages, pollId);
        progress.finished("complete: " + pages + " pages", clock.instant());
        LOG.info("{} of location {} complete: {} pages, {} users known, {} no longer listed", full ? "Full sync" : "Poll", location,
                pages, progress.getUsersKnown(), gone.size());
    }

    /** A list could not be read to its end: nothing is swept, the next poll starts over. */
    public void failed(@ExchangeProperty("pollId") Long pollId, Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String outcome = "failed after " + progress.getPagesFetched() + " pages: " + (error == null ? "unknown" : error.getMessage());
        if (pollId != null) {
            jdbc.update("update poll_run set finished_at = now(), pages = ?, outcome = ? where id = ?", progress.getPagesFetched(),
                    outcome, pollId);
        }
        progress.finished(outcome, clock.instant());
        LOG.error("Poll of location {} {}; nothing was treated as deleted, the next poll starts over", link.locationRef(), outcome);
    }
}
