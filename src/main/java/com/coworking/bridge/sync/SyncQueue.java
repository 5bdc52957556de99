package com.coworking.bridge.sync;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.base.Errors;
import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.link.Link;

/**
 * Users whose access must be reconciled with the Luckey account of a link (table {@code sync_queue}, one row per link
 * and user). Marking a user again while a run is under way bumps the version, so the run does not drop the newer change.
 */
public final class SyncQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SyncQueue.class);
    /** A user queued already is planned again: a newer version, due now, the last error forgotten. */
    private static final String MARKED_AGAIN = """
            on conflict (link, user_ref)
            do update set version = sync_queue.version + 1, reason = excluded.reason, due_at = now(), last_error = null""";
    private static final String HELD_FOR_DRY_RUN = "dry run: waiting to be written when dry run ends";
    private static final String CLAIM_LOST = "this bridge's heartbeat was late: left for the bridge that holds the user";
    private static final String DRY_RUN_ENDED = "dry run ended while the user was planned: reconciled again";

    private final JdbcTemplate jdbc;
    private final BridgeInstance instance;
    private final Duration afterFailure;
    private final Duration whileFrozen;
    private final Duration afterUncertainty;
    private final int batchSize;
    private final long claimLeaseSeconds;
    /** The users this bridge claimed and is reconciling now (link/user): any other claim of its own was lost. */
    private final java.util.Set<String> reconciling = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param batchSize         the most users one claim takes (bridge.sync.batch-size)
     * @param claimLeaseSeconds after this long a claim is taken back even from a bridge that still beats
     * @param afterFailure     when to try a user again after an action failed for good
     * @param whileFrozen      when to try again while the Luckey account is frozen
     * @param afterUncertainty when to read back a user whose last write had an unknown outcome
     */
    public SyncQueue(DataSource dataSource, BridgeInstance instance, int batchSize, long claimLeaseSeconds, Duration afterFailure,
                     Duration whileFrozen, Duration afterUncertainty) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.instance = instance;
        this.batchSize = batchSize;
        this.claimLeaseSeconds = claimLeaseSeconds;
        this.afterFailure = afterFailure;
        this.whileFrozen = whileFrozen;
        this.afterUncertainty = afterUncertainty;
    }

    /**
     * Claims the link's due users, oldest due first (the error of a past try is cleared; a new one keeps the user queued).
     * A user claimed by a bridge that stopped beating (it died mid-way), or claimed too long ago, is taken over; so is one
     * of this bridge's own that it has not reconciled for 30 s - its release could not be written while the database was
     * away.
     */
    public List<Map<String, Object>> claim(@Body Link link) {
        String[] mine = reconciling.stream().filter(key -> key.startsWith(link.name() + "/"))
                .map(key -> key.substring(link.name().length() + 1)).toArray(String[]::new);
        List<Map<String, Object>> claimed = jdbc.queryForList("""
                update sync_queue set claimed_at = now(), claimed_by = ?, attempts = attempts + 1, last_error = null
                where link = ? and user_ref in (
                  select user_ref from sync_queue where link = ? and due_at <= now()
                    and (claimed_at is null or claimed_by is null or claimed_by not in (select live_bridges(?))
                    or claimed_at < now() - ? * interval '1 second'
                    or claimed_by = ? and not (user_ref = any (?)) and claimed_at < now() - interval '30 seconds')
                  order by due_at limit ? for update skip locked)
                returning link, user_ref, version, reason""", instance.getId(), link.name(), link.name(), instance.getDeadAfterSeconds(),
                claimLeaseSeconds, instance.getId(), mine, batchSize);
        claimed.forEach(user -> reconciling.add(link.name() + "/" + user.get("user_ref")));
        return claimed;
    }

    /** This bridge no longer reconciles the user, whatever became of it (the sync-user route's finally). */
    public void letGo(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef) {
        if (link != null && userRef != null) {
            reconciling.remove(link.name() + "/" + userRef);
        }
    }

    public void mark(Link link, Collection<String> userRefs, String reason) {
        if (userRefs.isEmpty()) {
            return;
        }
        // One statement for the lot: a poll page marks a hundred at once.
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    insert into sync_queue (link, user_ref, reason) select distinct ?, u, ? from unnest(?::text[]) as u
                    """ + MARKED_AGAIN);
            ps.setString(1, link.name());
            ps.setString(2, reason);
            ps.setArray(3, con.createArrayOf("text", userRefs.toArray()));
            return ps;
        });
        LOG.info("Link {}: access of {} user(s) to reconcile: {}", link.name(), userRefs.size(), reason);
    }

    /**
     * The end of a full sync: every member of the link's location and every user with a subscription there, read
     * from the mirror and queued by one statement (100,000 users take a few seconds). Ids are compared byte by byte
     * (collation "C") to drop the duplicates: a language's collation would sort 200,000 ids for nothing.
     */
    public void markEveryone(Link link, String reason) {
        int marked = jdbc.update("""
                insert into sync_queue (link, user_ref, reason)
                select ?, user_ref, ? from (
                  select user_ref collate "C" from sb_membership where location_ref = ? and user_ref is not null
                  union select user_ref collate "C" from sb_subscription where location_ref = ? and user_ref is not null) users (user_ref)
                """ + MARKED_AGAIN, link.name(), reason, link.locationRef(), link.locationRef());
        LOG.info("Link {}: access of {} user(s) to reconcile: {}", link.name(), marked, reason);
    }

    /** An action failed for good: try the user again later, keeping the error for operators. */
    public void retryAfterFailure(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef, Exchange exchange) {
        retryLater(link, userRef, Errors.caught(exchange), afterFailure);
    }

    public void retryWhileFrozen(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef) {
        retryLater(link, userRef, "Luckey account frozen (423)", whileFrozen);
    }

    /** An outcome the bridge could not know: read Luckey back for the user soon, then plan again. */
    public void retryAfterUncertainty(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef,
                                      Exchange exchange) {
        retryLater(link, userRef, Errors.caught(exchange), afterUncertainty);
    }

    private void retryLater(Link link, String userRef, String error, Duration delay) {
        jdbc.update("update sync_queue set due_at = now() + ? * interval '1 millisecond', last_error = ? where link = ? and user_ref = ?",
                delay.toMillis(), error, link.name(), userRef);
    }

    /**
     * Dry run: the user's actions were only audited; the user waits, to be reconciled for real when dry run ends. The
     * link's switch is read under a share lock in the same statement: if dry run ended while this run was deciding, the
     * user is due again at once instead of being held after {@link #releaseDryRun} has already passed. A user marked
     * again meanwhile (a newer version) is not held: the newer change is planned, and audited, first.
     */
    public void holdForDryRun(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef,
                              @ExchangeProperty("queueVersion") long version) {
        jdbc.update("""
                with control as (select dry_run from link_control where link = ? for share)
                update sync_queue set due_at = case when (select dry_run from control) then 'infinity'::timestamptz else now() end,
                  last_error = case when (select dry_run from control) then ? else ? end
                where link = ? and user_ref = ? and version = ?""", link.name(), HELD_FOR_DRY_RUN, DRY_RUN_ENDED, link.name(), userRef,
                version);
    }

    /** Dry run ended: the users it held are reconciled now. */
    public int releaseDryRun(Link link) {
        return jdbc.update("update sync_queue set due_at = now(), last_error = null, version = version + 1 where link = ? and last_error = ?",
                link.name(), HELD_FOR_DRY_RUN);
    }

    /**
     * This bridge's heartbeat was late, so another bridge may have taken the user over: nothing more is written, and the
     * user stays queued (with the reason) for whichever bridge holds it - never forgotten by {@link #finish}.
     */
    public void leaveToTheClaimHolder(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef) {
        LOG.warn("Link {}: user {} left queued: this bridge's heartbeat is late, another bridge may have taken the user over",
                link.name(), userRef);
        jdbc.update("update sync_queue set due_at = now(), last_error = ? where link = ? and user_ref = ?", CLAIM_LOST, link.name(),
                userRef);
    }

    /**
     * A run over the user is finished: forget the user, unless marked again or failed meanwhile, or claimed by another
     * bridge since (its run decides).
     */
    public void finish(@ExchangeProperty("link") Link link, @ExchangeProperty("userRef") String userRef,
                       @ExchangeProperty("queueVersion") long version) {
        int removed = jdbc.update("""
                delete from sync_queue where link = ? and user_ref = ? and version = ? and last_error is null and claimed_by = ?""",
                link.name(), userRef, version, instance.getId());
        if (removed == 0) {
            jdbc.update("update sync_queue set claimed_at = null where link = ? and user_ref = ? and claimed_by = ?", link.name(), userRef,
                    instance.getId());
        }
    }
}
