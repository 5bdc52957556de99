package com.coworking.bridge.instance;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness: DOWN while a consumer the bridge cannot do without has stopped making progress ({@link ProgressWatch}), so
 * that an orchestrator restarts a bridge that answers HTTP but no longer works. Not readiness: it says nothing about
 * whether webhooks are stored.
 */
public final class ProgressHealthCheck extends AbstractHealthCheck {

    private final ProgressWatch watch;

    public ProgressHealthCheck(ProgressWatch watch) {
        super("bridge", "progress");
        this.watch = watch;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> stalled = watch.stalled();
        if (stalled.isEmpty()) {
            builder.up();
            return;
        }
        stalled.forEach((route, why) -> builder.detail("stalled." + route, why));
        builder.message("Stopped making progress (LIVENESS_STALLED_AFTER_MS " + watch.stalledAfter().toMillis() + "): " + stalled
                + "; restart the bridge").down();
    }
}
