package com.coworking.bridge.luckey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the bridge may write to Luckey. After 423 account_frozen it stops writing, and lets one write
 * through per probe interval to learn when an administrator has topped up.
 */
public final class LuckeyAccount {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyAccount.class);

    private final Clock clock;
    private final Duration probeInterval;
    private Instant frozenSince;
    private Instant nextProbe;

    public LuckeyAccount(Clock clock, Duration probeInterval) {
        this.clock = clock;
        this.probeInterval = probeInterval;
    }

    public synchronized boolean writesAllowed() {
        if (frozenSince == null) {
            return true;
        }
        if (!clock.instant().isBefore(nextProbe)) {
            nextProbe = clock.instant().plus(probeInterval);
            LOG.info("Luckey account frozen since {}: trying one write to see whether it was topped up", frozenSince);
            return true;
        }
        return false;
    }

    public synchronized void frozen() {
        if (frozenSince == null) {
            frozenSince = clock.instant();
            LOG.error("Luckey account frozen (423 account_frozen): no Luckey changes until an administrator tops up; "
                    + "trying again every {} s. Webhooks are still stored.", probeInterval.toSeconds());
        }
        nextProbe = clock.instant().plus(probeInterval);
    }

    public synchronized void writeSucceeded() {
        if (frozenSince != null) {
            LOG.info("Luckey account works again (frozen since {}): resuming changes", frozenSince);
            frozenSince = null;
        }
    }

    public synchronized Instant frozenSince() {
        return frozenSince;
    }
}
