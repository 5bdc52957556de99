package com.coworking.bridge.link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The runtime switches of each link (table {@code link_control}), shared by every bridge on the database: paused
 * (nothing changes in Luckey; webhooks are stored and users wait, as with {@code enabled: false}, but without a
 * restart) and dry run (everything but the writes to Luckey, each audited as what would have been sent).
 */
public final class LinkControls {

    private static final Logger LOG = LoggerFactory.getLogger(LinkControls.class);

    /** A link's switches as stored: paused, dry run, and the last change (why, by whom, when). */
    public record State(boolean paused, boolean dryRun, String reason, String changedBy, String changedAt) {
        static final State NORMAL = new State(false, false, null, null, null);
    }

    private final Links links;
    private final JdbcTemplate jdbc;
    private final Map<String, State> lastKnown = new ConcurrentHashMap<>();

    public LinkControls(Links links, DataSource dataSource) {
        this.links = links;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public State state(Link link) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select paused, dry_run, reason, changed_by, changed_at::text as changed_at from link_control where link = ?", link.name());
        State state = rows.isEmpty() ? State.NORMAL : state(rows.get(0));
        lastKnown.put(link.name(), state);
        return state;
    }

    /** The state as last read (health reads it without waiting for a database that may be away). */
    public State lastKnown(Link link) {
        return lastKnown.get(link.name());
    }

    /** The links that may change Luckey now: enabled, with a location, not paused. */
    public List<Link> active() {
        for (Map<String, Object> row : jdbc.queryForList(
                "select link, paused, dry_run, reason, changed_by, changed_at::text as changed_at from link_control")) {
            lastKnown.put((String) row.get("link"), state(row));
        }
        return links.active().stream().filter(link -> !lastKnown.getOrDefault(link.name(), State.NORMAL).paused()).toList();
    }

    private static State state(Map<String, Object> row) {
        return new State((Boolean) row.get("paused"), (Boolean) row.get("dry_run"), (String) row.get("reason"),
                (String) row.get("changed_by"), (String) row.get("changed_at"));
    }

    public boolean isActive(Link link) {
        return link.isActive() && !state(link).paused();
    }

    /** Drift repair reads and writes Luckey: only for an active link not in dry run. */
    public boolean mayRepairDrift(Link link) {
        State state = state(link);
        return link.isActive() && !state.paused() && !state.dryRun();
    }

    public boolean isDryRun(Link link) {
        return state(link).dryRun();
    }

    public void pause(Link link, String reason, String by) {
        set(link, "paused", true, reason, by);
        LOG.warn("Link {} paused by {} ({}): no changes in Luckey until resumed; webhooks are still stored", link.name(), by, reason);
    }

    public void resume(Link link, String by) {
        set(link, "paused", false, "resumed", by);
        LOG.info("Link {} resumed by {}: the users who waited are reconciled", link.name(), by);
    }

    public void dryRun(Link link, boolean on, String by) {
        set(link, "dry_run", on, on ? "dry run on" : "dry run off", by);
        LOG.warn("Link {}: dry run {} by {}", link.name(), on ? "on - nothing is written to Luckey" : "off - changes are written again",
                by);
    }

    private void set(Link link, String column, boolean value, String reason, String by) {
        jdbc.update("insert into link_control (link, " + column + ", reason, changed_by) values (?, ?, ?, ?) "
                + "on conflict (link) do update set " + column + " = excluded." + column + ", reason = excluded.reason, "
                + "changed_by = excluded.changed_by, changed_at = now()", link.name(), value, reason, by);
        state(link);
    }
}
