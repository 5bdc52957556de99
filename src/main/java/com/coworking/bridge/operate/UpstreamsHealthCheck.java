package com.coworking.bridge.operate;

import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while Spacebring, or a link's Luckey account, has failed every call for a minute (no answer, 5xx,
 * credentials refused), with the last error and since when: webhooks are still stored, but the bridge cannot do its
 * job. Credentials that are not set at all are a detail (and a WARN at start), not DOWN: a bridge being set up stores
 * webhooks meanwhile.
 */
public final class UpstreamsHealthCheck extends AbstractHealthCheck {

    private final Upstreams upstreams;
    private final List<String> missingCredentials;

    /** @param missingCredentials the settings of credentials that are empty, such as SPACEBRING_CLIENT_ID */
    public UpstreamsHealthCheck(Upstreams upstreams, List<String> missingCredentials) {
        super("bridge", "upstreams");
        this.upstreams = upstreams;
        this.missingCredentials = List.copyOf(missingCredentials);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!missingCredentials.isEmpty()) {
            builder.detail("credentials.not-set", String.join(", ", missingCredentials));
        }
        Map<String, Upstreams.Trouble> trouble = upstreams.inTrouble();
        if (trouble.isEmpty()) {
            builder.up();
            return;
        }
        StringBuilder message = new StringBuilder();
        trouble.forEach((upstream, why) -> {
            builder.detail(upstream + ".failing.since", why.since().toString());
            builder.detail(upstream + ".last.error", why.lastError());
            message.append(upstream).append(" failing since ").append(why.since()).append(": ").append(why.lastError()).append("; ");
        });
        builder.message(message.append("webhooks are still stored, and applied once it answers again").toString()).down();
    }
}
