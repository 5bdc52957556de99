package com.coworking.bridge.link;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every link of this bridge (bean {@code links}): from the file of the setting LINKS_FILE ({@link LinksFile}), or
 * else the one link named {@code default} made of the single-link settings. The routes find the link of a webhook
 * by its location, and the link of a queued user by name.
 */
public final class Links {

    private static final Logger LOG = LoggerFactory.getLogger(Links.class);
    /** The name of the link made of the single-link settings (SPACEBRING_LOCATION_REF, LUCKEY_*). */
    public static final String DEFAULT = "default";

    private final Map<String, Link> byName = new LinkedHashMap<>();
    private final Map<String, Link> byLocation = new LinkedHashMap<>();

    public Links(List<Link> links) {
        for (Link link : links) {
            byName.put(link.name(), link);
            if (link.hasLocation()) {
                byLocation.put(link.locationRef(), link);
            }
            if (!link.hasLocation()) {
                LOG.warn("Link {}: no Spacebring location is linked (SPACEBRING_LOCATION_REF): webhooks are stored but not processed",
                        link.name());
            } else if (!link.enabled()) {
                LOG.warn("Link {}: location {} is disabled: no changes are made in its Luckey account", link.name(), link.locationRef());
            } else {
                LOG.info("Link {}: Spacebring location {} to Luckey account {}", link.name(), link.locationRef(), link.luckey());
            }
        }
    }

    public List<Link> all() {
        return List.copyOf(byName.values());
    }

    /** The link of that name, or null (a row of a link no longer configured). */
    public Link named(String name) {
        return byName.get(name);
    }

    /**
     * The link of a webhook's location, or null when the location is not linked. A webhook that names no location
     * goes to the only link, when there is one.
     */
    public Link ofLocation(String locationRef) {
        if (locationRef == null || locationRef.isBlank()) {
            return byLocation.size() == 1 ? byLocation.values().iterator().next() : null;
        }
        return byLocation.get(locationRef);
    }

    public boolean anyLocation() {
        return !byLocation.isEmpty();
    }

    /** The links that may change Luckey now: enabled, with a location. */
    public List<Link> active() {
        return byName.values().stream().filter(Link::isActive).toList();
    }

    /** Names of the links that write to the same Luckey account as this one (itself included). */
    public String[] sharingAccountWith(Link link) {
        return byName.values().stream().filter(other -> other.luckey().accountKey().equals(link.luckey().accountKey()))
                .map(Link::name).toArray(String[]::new);
    }
}
