package com.coworking.bridge.inbox;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import com.coworking.bridge.db.Database;

/**
 * What became of the acknowledged webhooks, in the health detail ({@code /admin/health}): how many ended failed for a
 * permanent reason (kept for a replay) and how many wait for a retry after a passing one. Always UP - the bridge still
 * does its job - and read from the last count while the database is away (the check database says so).
 */
public final class InboxHealthCheck extends AbstractHealthCheck {

    private final Inbox inbox;
    private final Database database;
    private volatile Map<String, Object> lastKnown = Map.of();

    public InboxHealthCheck(Inbox inbox, Database database) {
        super("bridge", "webhooks");
        this.inbox = inbox;
        this.database = database;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (database.isReachable()) {
            try {
                lastKnown = inbox.troubles();
            } catch (RuntimeException away) {
                database.unreachable(away);
            }
        }
        builder.detail("webhooks.failed", lastKnown.getOrDefault("failed", "unknown"));
        builder.detail("webhooks.waiting-for-a-retry", lastKnown.getOrDefault("retrying", "unknown"));
        builder.up();
    }
}
