package com.coworking.bridge.db;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while PostgreSQL cannot be reached, because then webhooks are answered 503. It answers at once from
 * what the bridge last knew (its probe checks every second), never waiting for a database that is away.
 * Not a liveness check: restarting the bridge would not bring the database back.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database database;

    public DatabaseHealthCheck(Database database) {
        super("bridge", "database");
        this.database = database;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!database.isReady()) {
            builder.message("PostgreSQL not reached yet: " + database.problem()).down();
        } else if (!database.isReachable()) {
            builder.message("PostgreSQL is unreachable since " + database.unreachableSince() + ": " + database.problem()).down();
        } else {
            builder.up();
        }
    }
}
