package com.coworking.bridge.link;

import java.util.Locale;

import com.coworking.bridge.access.TagNames;

/**
 * One Spacebring location linked to one Luckey account: whose members get access, where, and under which tag
 * names. Disabled, nothing changes in Luckey for it; its webhooks are still stored and applied to the mirror, and
 * its users wait to be reconciled. Several links may share a Luckey account: each keeps to its own tags.
 *
 * @param name        unique, [a-z0-9-]+; in logs, audit rows, dead letters, health and route ids
 * @param locationRef the Spacebring location id; empty only for the default link of a bridge not configured yet
 * @param doors       which doors beyond plans and companies it opens (bookings, assigned resources, visitors), and when
 */
public record Link(String name, String locationRef, boolean enabled, LuckeyAccountSettings luckey, TagNames tags, DoorSettings doors) {

    /** The Luckey account a link writes to. The secret is never shown (see {@link #toString()}). */
    public record LuckeyAccountSettings(String baseUrl, String clientId, String clientSecret, int requestsPerSecond) {

        /** Two links with the same key write to the same Luckey account. */
        public String accountKey() {
            return baseUrl.replaceAll("/+$", "").toLowerCase(Locale.ROOT) + " " + clientId;
        }

        @Override
        public String toString() {
            return clientId + " at " + baseUrl;
        }
    }

    public boolean hasLocation() {
        return locationRef != null && !locationRef.isBlank();
    }

    public boolean isActive() {
        return enabled && hasLocation();
    }

    // For Camel's simple language in the routes, such as ${exchangeProperty.link.luckeyBaseUrl}

    public String getLuckeyBaseUrl() {
        return luckey.baseUrl();
    }

    public int getLuckeyRequestsPerSecond() {
        return luckey.requestsPerSecond();
    }

    public String getLuckeyAccountKey() {
        return luckey.accountKey();
    }

    @Override
    public String toString() {
        return name;
    }
}
