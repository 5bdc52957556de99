package com.coworking.bridge.operate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.access.AccessPlanner;
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

    public LinkOperations(DataSource dataSource, LinkControls controls, SyncQueue queue, AccessPlanner planner, LuckeyState luckeyState,
                          AuditLog audit, WakeUps wakeUps) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.controls = controls;
        this.queue = queue;
        this.planner = planner;
        this.luckeyState = luckeyState;
        this.audit = audit;
        this.wakeUps = wakeUps;
    }

    public String pause(Link link, String reason, String by) {
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
            throw new IllegalArgumentException("Link " + link.name() + " has no dead letter " + id + " waiting");
        }
        queue.mark(link, user, "dead letter " + id + " replayed by " + by);
        return done(link, "replay dead letter " + id, "user " + user.get(0) + " queued again", by);
    }

    public String discardDeadLetter(Link link, long id, String reason, String by) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why the dead letter is discarded");
        }
        int discarded = jdbc.update("""
                update dead_letter set discarded_at = now(), discard_reason = ? where link = ? and id = ? and replayed_at is null
                and discarded_at is null""", reason + " (by " + by + ")", link.name(), id);
        if (discarded == 0) {
            throw new IllegalArgumentException("Link " + link.name() + " has no dead letter " + id + " waiting");
        }
        return done(link, "discard dead letter " + id + " (" + reason + ")", "discarded", by);
    }

    /**
     * Dry run for the whole location: every action the bridge would carry out now, user by user, with the reasons,
     * after a one-line summary. Nothing is performed or queued.
     */
    public String planLocation(Link link) {
        List<String> users = jdbc.queryForList("""
                select user_ref from sb_membership where location_ref = ?
                union select user_ref from luckey_user where link = ? order by 1""", String.class, link.locationRef(), link.name());
        Map<String, Integer> counts = new java.util.TreeMap<>();
        StringBuilder lines = new StringBuilder();
        int concerned = 0;
        for (String userRef : users) {
            List<LuckeyAction> actions = planner.explain(link, userRef).actions();
            if (!actions.isEmpty()) {
                concerned++;
            }
            for (LuckeyAction action : actions) {
                counts.merge(action.type(), 1, Integer::sum);
                lines.append(action).append('\n');
            }
        }
        String summary = counts.isEmpty() ? "Link " + link.name() + ": nothing to do for " + users.size() + " user(s)"
                : "Link " + link.name() + " would " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + " for " + concerned + " of " + users.size() + " user(s)";
        return summary + "\n" + lines;
    }

    /**
     * One user's access in words: the membership, the tags the rules want and why, what Luckey holds, what a sync
     * would do now, the dead letters waiting and the last audit entries.
     */
    public String explain(Link link, String emailOrId) {
        String userRef = (String) findUser(link, emailOrId).get("user_ref");
        AccessPlanner.Explained explained = planner.explain(link, userRef);
        String zone = jdbc.query("select timezone_id from sb_location where id = ?", rs -> rs.next() ? rs.getString(1) : null,
                link.locationRef());
        StringBuilder text = new StringBuilder();
        text.append("User ").append(userRef).append(" (").append(explained.person().email()).append(") in link ").append(link.name())
                .append(", location ").append(link.locationRef()).append(" (time zone ")
                .append(zone == null ? "not read yet: dates without a time are read as UTC until the poll reads it" : zone)
                .append("; times below in UTC)\n");
        Map<String, Object> membership = explained.membership();
        text.append("Membership: ").append(membership == null ? "none" : membership.get("id") + ", " + membership.get("status")
                + (membership.get("gone_at") != null ? ", gone since " + membership.get("gone_at") : "")
                + (membership.get("company_ref") != null ? ", company " + membership.get("company_ref") : "")).append('\n');
        if (!explained.decision().synchronise()) {
            text.append("Access rules: not synchronised - ").append(explained.decision().why()).append('\n');
        } else if (explained.decision().tags().isEmpty()) {
            text.append("Access rules: in Luckey, no tag (no subscription or company grants one now)\n");
        } else {
            text.append("Access rules: these tags\n");
            explained.decision().tags().forEach((tag, why) -> text.append("  - ").append(explained.tagName().apply(tag))
                    .append(" (").append(tag.key()).append("): ").append(why).append('\n'));
        }
        if (explained.confirmed() == null) {
            text.append("Luckey holds: no user (not created or adopted by the bridge yet)\n");
        } else {
            text.append("Luckey holds: user ").append(explained.confirmed().luckeyUserId()).append(", tags ")
                    .append(explained.confirmed().tagKeys().isEmpty() ? "none" : explained.confirmed().tagKeys().stream()
                            .map(key -> explained.tagName().apply(TagRef.fromKey(key))).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        text.append("A sync now would: ").append(explained.actions().isEmpty() ? "nothing" : explained.actions().stream()
                .map(LuckeyAction::toString).collect(Collectors.joining("; "))).append('\n');
        text.append("Waiting to be reconciled: ").append(jdbc.queryForList(
                "select reason || coalesce(' - last error: ' || last_error, '') from sync_queue where link = ? and user_ref = ?",
                String.class, link.name(), userRef).stream().findFirst().orElse("no")).append('\n');
        List<String> letters = jdbc.queryForList("""
                select id || ': ' || action || ' - ' || error || ' (' || attempts || ' attempt(s), last ' || coalesce(last_at, at) || ')'
                from dead_letter where link = ? and user_ref = ? and replayed_at is null and discarded_at is null order by id""",
                String.class, link.name(), userRef);
        text.append("Dead letters waiting: ").append(letters.isEmpty() ? "none" : String.join("; ", letters)).append('\n');
        text.append("Last audit entries:\n");
        jdbc.queryForList("""
                select at || ' ' || action || coalesce(' [' || tag || ']', '') || ': ' || result || coalesce(' (' || detail || ')', '')
                from audit_log where link = ? and user_ref = ? order by id desc limit 5""", String.class, link.name(), userRef)
                .forEach(line -> text.append("  ").append(line).append('\n'));
        return text.toString();
    }

    /** The member of the link's location with that e-mail (any letter case) or Spacebring user id. */
    private Map<String, Object> findUser(Link link, String emailOrId) {
        String wanted = emailOrId == null ? "" : emailOrId.trim();
        List<Map<String, Object>> users = jdbc.queryForList("""
                select user_ref, email from sb_membership where location_ref = ? and (user_ref = ? or lower(email) = lower(?))
                order by gone_at nulls first, updated_at desc limit 1""", link.locationRef(), wanted, wanted);
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
