package com.coworking.bridge.db;

import java.sql.Connection;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while PostgreSQL cannot be reached, because then webhooks are answered 503.
 * Not a liveness check: restarting the bridge would not bring the database back.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

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
            return;
        }
        try (Connection connection = database.dataSource().getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.message("PostgreSQL did not answer within " + VALIDATION_TIMEOUT_SECONDS + " s").down();
            }
        } catch (Exception e) {
            builder.message("PostgreSQL is unreachable: " + e.getMessage()).error(e).down();
        }
    }
}
