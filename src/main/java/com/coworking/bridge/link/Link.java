package com.coworking.bridge.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link between one Spacebring location and the Luckey account. Disabled, nothing changes in Luckey;
 * webhooks are still stored and applied to the mirror, and users wait to be reconciled.
 */
public final class Link {

    private static final Logger LOG = LoggerFactory.getLogger(Link.class);

    private final String locationRef;
    private final boolean enabled;

    public Link(String locationRef, boolean enabled) {
        this.locationRef = locationRef;
        this.enabled = enabled;
        if (!hasLocation()) {
            LOG.warn("No Spacebring location is linked (SPACEBRING_LOCATION_REF): webhooks are stored but not processed");
        } else if (!enabled) {
            LOG.warn("The link to location {} is disabled (LINK_ENABLED=false): no changes are made in Luckey", locationRef);
        } else {
            LOG.info("Linked Spacebring location {} to Luckey", locationRef);
        }
    }

    public boolean hasLocation() {
        return locationRef != null && !locationRef.isBlank();
    }

    public boolean isActive() {
        return enabled && hasLocation();
    }

    public String locationRef() {
        return locationRef;
    }
}
