package com.coworking.bridge.luckey;

import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN while the Luckey account is frozen (423): access changes are held back until it is topped up. */
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
        Instant since = account.frozenSince();
        if (since == null) {
            builder.up();
        } else {
            builder.detail("frozen.since", since.toString())
                    .message("Luckey account frozen (423 account_frozen) since " + since
                            + ": access changes wait until an administrator tops up; webhooks are still stored")
                    .down();
        }
    }
}
