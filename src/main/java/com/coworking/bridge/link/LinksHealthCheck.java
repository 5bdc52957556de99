package com.coworking.bridge.link;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Each link's state as a detail - active, disabled, paused (by whom, why) or in dry run, as last read from the
 * database (every few seconds while the bridge works) - never DOWN on its own: a paused link is an operator's
 * choice, and the bridge still takes webhooks.
 */
public final class LinksHealthCheck extends AbstractHealthCheck {

    private final Links links;
    private final LinkControls controls;

    public LinksHealthCheck(Links links, LinkControls controls) {
        super("bridge", "links");
        this.links = links;
        this.controls = controls;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        for (Link link : links.all()) {
            // As last read: this check never waits for the database (the check database says when it is away)
            LinkControls.State state = controls.lastKnown(link);
            String shown;
            if (!link.hasLocation()) {
                shown = "no location linked";
            } else if (!link.enabled()) {
                shown = "disabled in the settings";
            } else if (state != null && state.paused()) {
                shown = "paused by " + state.changedBy() + " at " + state.changedAt() + " (" + state.reason() + ")";
            } else {
                shown = "active";
            }
            builder.detail("link." + link.name(), shown + (state != null && state.dryRun() ? ", dry run" : ""));
        }
        builder.up();
    }
}
