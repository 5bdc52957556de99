package com.coworking.bridge.luckey;

import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN while a Luckey account is frozen (423): its link's access changes are held back until it is topped up. */
public final class LuckeyAccountHealthCheck extends AbstractHealthCheck {

    private final LuckeyAccount account;

    public LuckeyAccountHealthCheck(LuckeyAccount account) {
        super("bridge", "luckey-account");
        this.account = account;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Instant> frozen = account.frozenSince();
        if (frozen.isEmpty()) {
            builder.up();
            return;
        }
        frozen.forEach((link, since) -> builder.detail("frozen.since." + link, since.toString()));
        builder.message("Luckey account of link(s) " + String.join(", ", frozen.keySet()) + " frozen (423 account_frozen) since "
                + frozen.values().iterator().next() + ": their access changes wait until an administrator tops up; webhooks are "
                + "still stored").down();
    }
}
