package com.coworking.bridge.operate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.AccessDecision;
import com.coworking.bridge.sync.AccessPlanner;
import com.coworking.bridge.access.Confirmed;
import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.access.TagRef;
import com.coworking.bridge.instance.WakeUps;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkControls;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.SyncQueue;

/**
 * What an operator can do to a link, through JMX ({@link LinkMBean}): pause and resume, dry run, resync one user or
 * the whole location, explain one user's access, replay or discard dead letters. Every operation is audited (table
 * {@code audit_log}, action {@code operation}) with who asked, and answers in words.
 */
public final class LinkOperations {

    /** No member of the link's location has that e-mail or Spacebring id. */
    public static final class UnknownUser extends IllegalArgumentException {
        UnknownUser(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final LinkControls controls;
    private final SyncQueue queue;
    private final AccessPlanner planner;
    private final LuckeyState luckeyState;
    private final AuditLog audit;
    private final WakeUps wakeUps;
    private final java.time.Clock clock;

    /** @param clock what time-driven access reads: a door window is open now, upcoming or closed by it */
    public LinkOperations(DataSource dataSource, LinkControls controls, SyncQueue queue, AccessPlanner planner, LuckeyState luckeyState,
                          AuditLog audit, WakeUps wakeUps, java.time.Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.controls = controls;
        this.queue = queue;
        this.planner = planner;
        this.luckeyState = luckeyState;
        this.audit = audit;
        this.wakeUps = wakeUps;
        this.clock = clock;
    }

    /** The most characters of a reason an operator gives; it is logged, audited and shown in health. */
    static final int MAX_REASON = 500;

    /**
     * A reason as given by an operator (admin API or JMX), made fit for one log line: control characters (a newline
     * would forge a line of its own) become spaces. Longer than {@value #MAX_REASON} characters: refused.
     */
    static String oneLine(String reason) {
        if (reason == null) {
            return null;
        }
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("A reason is at most " + MAX_REASON + " characters; this one has " + reason.length());
        }
        return reason.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]", " ").strip();
    }

    public String pause(Link link, String given, String by) {
        String reason = oneLine(given);
        controls.pause(link, reason == null || reason.isBlank() ? "no reason given" : reason, by);
        return done(link, "pause (" + reason + ")", "paused: nothing changes in Luckey until resumed; webhooks are still stored", by);
    }

    public String resume(Link link, String by) {
        controls.resume(link, by);
        wakeUps.sync();
        long waiting = count("select count(*) from sync_queue where link = ?", link.name());
        return done(link, "resume", "resumed: " + waiting + " user(s) waiting are reconciled now", by);
    }

    public String dryRun(Link link, boolean on, String by) {
        controls.dryRun(link, on, by);
        if (on) {
            return done(link, "dry run on", "dry run on: nothing is written to Luckey; would-be changes are audited as '"
                    + AuditLog.DRY_RUN + "'", by);
        }
        int released = queue.releaseDryRun(link);
        wakeUps.sync();
        return done(link, "dry run off", "dry run off: " + released + " user(s) held by the dry run are reconciled now", by);
    }

    /** The setting DRY_RUN, applied when the bridge joins: it wins over a switch made before this start. */
    public void applyDryRunSetting(List<Link> links, boolean dryRun) {
        for (Link link : links) {
            if (controls.isDryRun(link) != dryRun) {
                dryRun(link, dryRun, "the setting DRY_RUN at start");
            }
        }
    }

    public String resyncUser(Link link, String emailOrId, String by) {
        Map<String, Object> user = findUser(link, emailOrId);
        String userRef = (String) user.get("user_ref");
        // What Luckey holds is read back first: a resync is asked for when the bridge's record may be wrong
        luckeyState.markForReadBack(link, userRef, "resync requested by " + by);
        queue.mark(link, List.of(userRef), "resync requested by " + by);
        return done(link, "resync " + emailOrId, "user " + userRef + " (" + user.get("email") + ") queued: Luckey is read back, then "
                + "the user reconciled", by);
    }

    public String fullResync(Link link, String by) {
        List<String> users = jdbc.queryForList("""
                select user_ref from sb_membership where location_ref = ?
                union select user_ref from luckey_user where link = ?""", String.class, link.locationRef(), link.name());
        queue.mark(link, users, "full resync requested by " + by);
        return done(link, "full resync", users.size() + " user(s) queued for reconciliation", by);
    }

    public String replayDeadLetters(Link link, String by) {
        List<String> users = jdbc.queryForList("""
                update dead_letter set replayed_at = now() where link = ? and replayed_at is null and discarded_at is null
                returning user_ref""", String.class, link.name()).stream().distinct().toList();
        queue.mark(link, users, "dead letters replayed by " + by);
        return done(link, "replay dead letters", users.size() + " user(s) with dead letters queued again", by);
    }

    public String replayDeadLetter(Link link, long id, String by) {
        List<String> user = jdbc.queryForList("""
                update dead_letter set replayed_at = now() where link = ? and id = ? and replayed_at is null and discarded_at is null
                returning user_ref""", String.class, link.name(), id);
        if (user.isEmpty()) {
            throw new IllegalStateException("Link " + link.name() + " has no dead letter " + id + " waiting");
        }
        queue.mark(link, user, "dead letter " + id + " replayed by " + by);
        return done(link, "replay dead letter " + id, "user " + user.get(0) + " queued again", by);
    }

    public String discardDeadLetter(Link link, long id, String given, String by) {
        String reason = oneLine(given);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why the dead letter is discarded");
        }
        int discarded = jdbc.update("""
                update dead_letter set discarded_at = now(), discard_reason = ? where link = ? and id = ? and replayed_at is null
                and discarded_at is null""", reason + " (by " + by + ")", link.name(), id);
        if (discarded == 0) {
            throw new IllegalStateException("Link " + link.name() + " has no dead letter " + id + " waiting");
        }
        return done(link, "discard dead letter " + id + " (" + reason + ")", "discarded", by);
    }

    /**
     * Dry run for the whole location: every action the bridge would carry out now, user by user, with the reasons,
     * after a one-line summary. Nothing is performed or queued.
     */
    public LocationPlan planLocation(Link link) {
        List<String> users = jdbc.queryForList("""
                select user_ref from sb_membership where location_ref = ?
                union select user_ref from luckey_user where link = ? order by 1""", String.class, link.locationRef(), link.name());
        Map<String, Integer> counts = new TreeMap<>();
        List<LocationPlan.PlannedAction> actions = new ArrayList<>();
        int concerned = 0;
        for (String userRef : users) {
            List<LuckeyAction> planned = planner.explain(link, userRef).actions();
            if (!planned.isEmpty()) {
                concerned++;
            }
            for (LuckeyAction action : planned) {
                counts.merge(action.type(), 1, Integer::sum);
                actions.add(new LocationPlan.PlannedAction(action.type(), action.userRef(), action.email(), action.tagName(), action.cause()));
            }
        }
        String summary = counts.isEmpty() ? "Link " + link.name() + ": nothing to do for " + users.size() + " user(s)"
                : "Link " + link.name() + " would " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + " for " + concerned + " of " + users.size() + " user(s)";
        return new LocationPlan(link.name(), summary, users.size(), counts, actions);
    }

    /**
     * One user's access: the membership, the tags the rules want and why, what Luckey holds, what a sync would do now,
     * the dead letters waiting and the last audit entries.
     */
    public Explanation explain(Link link, String emailOrId) {
        String userRef = (String) findUser(link, emailOrId).get("user_ref");
        AccessPlanner.Explained explained = planner.explain(link, userRef);
        String zone = jdbc.query("select timezone_id from sb_location where id = ?", rs -> rs.next() ? rs.getString(1) : null,
                link.locationRef());
        AccessDecision decision = explained.decision();
        List<Explanation.DesiredTag> desired = decision.tags().entrySet().stream()
                .map(tag -> new Explanation.DesiredTag(explained.tagName().apply(tag.getKey()), tag.getKey().key(), tag.getValue()))
                .toList();
        Confirmed confirmed = explained.confirmed();
        List<String> held = confirmed == null ? List.of() : confirmed.tagKeys().stream()
                .map(key -> explained.tagName().apply(TagRef.fromKey(key))).toList();
        String waiting = jdbc.queryForList(
                "select reason || coalesce(' - last error: ' || last_error, '') from sync_queue where link = ? and user_ref = ?",
                String.class, link.name(), userRef).stream().findFirst().orElse(null);
        List<Map<String, Object>> deadLetters = jdbc.queryForList("""
                select id, action, tag_key as "tagKey", error, attempts, at::text as "at", coalesce(last_at, at)::text as "lastAt"
                from dead_letter where link = ? and user_ref = ? and replayed_at is null and discarded_at is null order by id""",
                link.name(), userRef);
        List<Map<String, Object>> audit = jdbc.queryForList("""
                select at::text as "at", action, tag, result, detail from audit_log where link = ? and user_ref = ?
                order by id desc limit 5""", link.name(), userRef);
        java.time.Instant now = clock.instant();
        List<Explanation.DoorWindow> windows = explained.windows().stream().map(window -> new Explanation.DoorWindow(
                explained.tagName().apply(TagRef.resource(window.resourceRef())), window.resourceRef(), window.open().toString(),
                window.close().toString(), window.bookingIds(), now.isBefore(window.open()) ? "upcoming"
                        : now.isBefore(window.close()) ? "open now" : "closed")).toList();
        return new Explanation(link.name(), link.locationRef(), zone, userRef, explained.person().email(), explained.membership(),
                decision.synchronise() ? null : decision.why(), desired, windows, confirmed == null ? null : confirmed.luckeyUserId(), held,
                explained.actions().stream().map(LuckeyAction::toString).toList(), waiting, deadLetters, audit);
    }

    /** The member of the link's location with that e-mail (any letter case) or Spacebring user id. */
    private Map<String, Object> findUser(Link link, String emailOrId) {
        String wanted = emailOrId == null ? "" : emailOrId.trim();
        // A member, or else a visitor (who may have no membership)
        List<Map<String, Object>> users = jdbc.queryForList("""
                select user_ref, email from (
                  select user_ref, email, 0 as rank, gone_at, updated_at from sb_membership where location_ref = ?
                  union all select user_ref, email, 1, delete_date, updated_at from sb_visit where location_ref = ?) people
                where user_ref = ? or lower(email) = lower(?)
                order by rank, gone_at nulls first, updated_at desc limit 1""", link.locationRef(), link.locationRef(), wanted, wanted);
        if (users.isEmpty()) {
            throw new UnknownUser("No member of link " + link.name() + " with e-mail or Spacebring id '" + wanted + "'");
        }
        return users.get(0);
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    private String done(Link link, String operation, String result, String by) {
        audit.operation(link, operation, result, by);
        return result;
    }
}
