package com.coworking.bridge.luckey;

import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN while a Luckey account is frozen (423) or refuses the link's client credentials: that link's access changes
 * are held back until an administrator tops up or the credentials are fixed. Each link's trouble is a detail.
 */
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
        Map<String, String> rejected = account.credentialsRejected();
        if (frozen.isEmpty() && rejected.isEmpty()) {
            builder.up();
            return;
        }
        frozen.forEach((link, since) -> builder.detail("frozen.since." + link, since.toString()));
        rejected.forEach((link, why) -> builder.detail("credentials.rejected." + link, why));
        StringBuilder message = new StringBuilder();
        if (!frozen.isEmpty()) {
            message.append("Luckey account of link(s) ").append(String.join(", ", frozen.keySet()))
                    .append(" frozen (423 account_frozen) since ").append(frozen.values().iterator().next())
                    .append(": their access changes wait until an administrator tops up; webhooks are still stored. ");
        }
        if (!rejected.isEmpty()) {
            message.append("Luckey refuses the client id and secret of link(s) ").append(String.join(", ", rejected.keySet()))
                    .append(": fix LUCKEY_CLIENT_ID / LUCKEY_CLIENT_SECRET or the link's luckey settings.");
        }
        builder.message(message.toString().trim()).down();
    }
}
