package com.coworking.bridge.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.base.Errors;
import com.coworking.bridge.db.Database;
import com.coworking.bridge.db.DatabaseNotReady;
import com.coworking.bridge.instance.BridgeInstance;

/**
 * The inbox (table {@code inbox}): each webhook stored once by its svix-id, claimed in order by one bridge, applied, and
 * left with its outcome - done, ignored or failed with the reason. This class writes the table, the intake's inserts
 * through {@link InboxWrites}; the only other writer is {@link BridgeInstance}, which hands a stopping bridge's claims
 * back.
 */
public final class Inbox {

    /** The most webhooks of the intake stored in one statement. */
    private static final int WRITE_BATCH = 100;
    /**
     * The most of those statements at once: with fsync on, a commit waits for the disk, and a few in flight keep the
     * disk and the CPU busy together. Each holds a connection of the pool (DB_POOL_SIZE, 10 by default) while it runs;
     * without group commit every webhook in progress held one.
     */
    private static final int WRITERS = 4;

    private final Database database;
    private final InboxWrites writes;
    private final JdbcTemplate jdbc;
    private final BridgeInstance instance;
    private final int batchSize;
    private final long claimLeaseSeconds;
    private final long retryInitialDelayMs;
    private final long retryMaxDelayMs;
    /** The webhooks this bridge has claimed and is applying now. */
    private final Set<Long> applying = ConcurrentHashMap.newKeySet();

    /**
     * @param batchSize           the most webhooks one claim takes (bridge.inbox.batch-size)
     * @param claimLeaseSeconds   after this long a claim is taken back even from a bridge that still beats
     * @param retryInitialDelayMs the pause before a webhook not applied for a passing reason is tried again, doubled
     *                            at each try up to {@code retryMaxDelayMs}
     */
    public Inbox(Database database, BridgeInstance instance, int batchSize, long claimLeaseSeconds, long retryInitialDelayMs,
                 long retryMaxDelayMs) {
        this.database = database;
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.writes = new InboxWrites(database.dataSource(), database::dropIdleConnections, WRITE_BATCH, WRITERS);
        this.instance = instance;
        this.batchSize = batchSize;
        this.claimLeaseSeconds = claimLeaseSeconds;
        this.retryInitialDelayMs = retryInitialDelayMs;
        this.retryMaxDelayMs = retryMaxDelayMs;
    }

    /**
     * Stores a classified webhook (the intake's row) unless its svix-id is there already, and returns once it is
     * committed; webhooks that arrive together share one statement ({@link InboxWrites}). Returns the row with
     * {@code duplicate} set: a re-delivery changes nothing and is acknowledged again. Before the database is reached and
     * migrated nothing can be stored: the intake answers 503, and Svix delivers the webhook again later.
     */
    public Map<String, Object> store(@Body Map<String, Object> row) throws DatabaseNotReady {
        if (!database.isReady()) {
            throw new DatabaseNotReady("The database is not reached yet");
        }
        if (!database.isReachable()) {
            throw new DatabaseNotReady("The database is unreachable since " + database.unreachableSince());
        }
        try {
            row.put("duplicate", !writes.insert(row));
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException away) {
            // Tried on a fresh connection too: the webhooks that follow are answered 503 at once until the database is back
            database.unreachable(away);
            throw away;
        }
        return row;
    }

    /**
     * Claims pending webhooks, locations taking turns (each location's oldest first), so that a burst from one location
     * never holds back the webhooks of another. Webhooks claimed by a bridge that stopped beating (it died mid-way), or
     * claimed too long ago, are pending again first; so are this bridge's own that it no longer applies - their
     * outcome could not be written while the database was away. A webhook waiting for a retry is claimed once its time
     * has come. Called by the inbox consumer's one thread only.
     */
    public List<Map<String, Object>> claim() {
        jdbc.update("""
                update inbox set status = 'pending', claimed_by = null where status = 'processing'
                  and (claimed_by is null or claimed_by not in (select live_bridges(?))
                  or claimed_at < now() - ? * interval '1 second')""", instance.getDeadAfterSeconds(), claimLeaseSeconds);
        List<Long> leftBehind = jdbc.queryForList("select id from inbox where status = 'processing' and claimed_by = ?", Long.class,
                instance.getId());
        leftBehind.removeAll(applying);
        leftBehind.forEach(id -> jdbc.update("update inbox set status = 'pending', claimed_by = null where id = ? and status = 'processing'", id));
        List<Map<String, Object>> claimed = claimPending();
        claimed.forEach(webhook -> applying.add(((Number) webhook.get("id")).longValue()));
        return claimed;
    }

    /** This bridge no longer applies the webhook, whatever became of it (the inbox consumer's finally). */
    public void letGo(@ExchangeProperty("webhook") Map<String, Object> webhook) {
        if (webhook != null) {
            applying.remove(((Number) webhook.get("id")).longValue());
        }
    }

    private List<Map<String, Object>> claimPending() {
        return jdbc.queryForList("""
                with claimed as (
                  update inbox set status = 'processing', claimed_at = now(), claimed_by = ?
                  where id in (
                    select id from inbox where status = 'pending' and id in (
                      select id from (
                        select p.id, row_number() over (partition by l.location order by p.id) as turn
                        from (select distinct coalesce(location_ref, '') as location from inbox where status = 'pending'
                          and (retry_at is null or retry_at <= now())) as l
                        cross join lateral (select id from inbox where status = 'pending' and coalesce(location_ref, '') = l.location
                          and (retry_at is null or retry_at <= now()) order by id limit ?) as p) as waiting
                      order by turn, id limit ?)
                    for update skip locked)
                  returning id, event_type, event_family, user_ref, membership_ref, company_ref, subscription_ref, location_ref, booking_ref,
                    resource_ref, visit_ref, received_at)
                select * from claimed order by id""", instance.getId(), batchSize, batchSize);
    }

    /**
     * Several webhooks about the same subscription, user, company or location need one lookup, since the bridge fetches
     * the current state anyway. The newest of each is applied; the older ones are marked done with the webhook that
     * stands for them. A burst of retries or updates costs one request, not many.
     */
    public List<Map<String, Object>> coalesce(@Body List<Map<String, Object>> claimed) {
        Map<String, Map<String, Object>> newest = new LinkedHashMap<>();
        List<Map<String, Object>> unkeyed = new ArrayList<>();
        for (Map<String, Object> webhook : claimed) {
            String key = key(webhook);
            if (key == null) {
                unkeyed.add(webhook);
            } else {
                newest.remove(key);
                newest.put(key, webhook);
            }
        }
        for (Map<String, Object> webhook : claimed) {
            String key = key(webhook);
            Map<String, Object> standsFor = key == null ? webhook : newest.get(key);
            if (standsFor != webhook) {
                end(webhook, "done", "coalesced: webhook " + standsFor.get("id") + " fetched the same " + key.substring(0, key.indexOf(':')));
            }
        }
        List<Map<String, Object>> apply = new ArrayList<>(unkeyed);
        apply.addAll(newest.values());
        apply.sort((a, b) -> Long.compare(((Number) a.get("id")).longValue(), ((Number) b.get("id")).longValue()));
        return apply;
    }

    public void done(@ExchangeProperty("webhook") Map<String, Object> webhook) {
        end(webhook, "done", null);
    }

    /** Applied without a request: the mirror held the object as read after the webhook arrived. */
    public void answeredByTheMirror(@ExchangeProperty("webhook") Map<String, Object> webhook) {
        end(webhook, "done", "answered by the mirror: read from Spacebring after the webhook arrived");
    }

    public void ignored(Map<String, Object> webhook, String reason) {
        end(webhook, "ignored", reason);
    }

    /** Not applied: it stays, with the failure the error handler caught, for a replay. */
    public void failed(@ExchangeProperty("webhook") Map<String, Object> webhook, Exchange exchange) {
        end(webhook, "failed", Errors.caught(exchange));
    }

    /**
     * Not applied for a passing reason (the database, Spacebring unreachable or busy): pending again, claimed after a
     * pause that doubles at each try. Returns when and which try, for the log.
     */
    public String retryLater(@ExchangeProperty("webhook") Map<String, Object> webhook, Exchange exchange) {
        return jdbc.queryForObject("""
                update inbox set status = 'pending', claimed_by = null, attempts = attempts + 1, reason = ?,
                  retry_at = now() + least(?, ? * power(2, least(attempts, 30))) * interval '1 millisecond'
                where id = ? returning 'try ' || attempts + 1 || ' in ' || ceil(extract(epoch from retry_at - now())) || ' s'""",
                String.class, Errors.caught(exchange), retryMaxDelayMs, retryInitialDelayMs, webhook.get("id"));
    }

    /** Webhooks ended failed (kept for a replay) and webhooks waiting for a retry, of every location. */
    public Map<String, Object> troubles() {
        return jdbc.queryForMap("""
                select (select count(*) from inbox where status = 'failed') as failed,
                  (select count(*) from inbox where status = 'pending' and attempts > 0) as retrying""");
    }

    private void end(Map<String, Object> webhook, String status, String reason) {
        jdbc.update("update inbox set status = ?, processed_at = now(), reason = ? where id = ?", status, reason, webhook.get("id"));
    }

    /** What a webhook makes the bridge fetch: the same key, the same lookup. */
    private static String key(Map<String, Object> webhook) {
        String type = String.valueOf(webhook.get("event_type"));
        String family = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
        Object ref = switch (family) {
            case "subscription" -> webhook.get("subscription_ref");
            // A user is a member of each location apart: their memberships at two locations are two lookups
            case "membership" -> webhook.get("user_ref") == null ? null : webhook.get("location_ref") + "/" + webhook.get("user_ref");
            case "company" -> webhook.get("company_ref");
            case "location" -> webhook.get("location_ref");
            case "booking" -> webhook.get("booking_ref");
            case "resource" -> webhook.get("resource_ref");
            case "visit" -> webhook.get("visit_ref");
            default -> null;
        };
        return ref == null ? null : family + ":" + ref;
    }
}
