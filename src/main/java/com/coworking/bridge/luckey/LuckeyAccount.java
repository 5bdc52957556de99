package com.coworking.bridge.luckey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.link.Link;

/**
 * Whether the bridge may write to a link's Luckey account. After 423 account_frozen it stops writing to that
 * account (links on other accounts go on), and lets one write through per probe interval to learn when an
 * administrator has topped up. Also whether Luckey accepts the link's client credentials (for health).
 */
public final class LuckeyAccount {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyAccount.class);

    private final Clock clock;
    private final Duration probeInterval;
    private final Map<String, Frozen> frozen = new ConcurrentHashMap<>();
    private final Map<String, String> rejected = new ConcurrentHashMap<>();

    /** A frozen account: since when, the link that found out, and when the next write may test it. */
    private static final class Frozen {
        final Instant since;
        final String link;
        Instant nextProbe;

        Frozen(Instant since, String link, Instant nextProbe) {
            this.since = since;
            this.link = link;
            this.nextProbe = nextProbe;
        }
    }

    public LuckeyAccount(Clock clock, Duration probeInterval) {
        this.clock = clock;
        this.probeInterval = probeInterval;
    }

    public synchronized boolean writesAllowed(@ExchangeProperty("link") Link link) {
        Frozen account = frozen.get(link.luckey().accountKey());
        if (account == null) {
            return true;
        }
        if (!clock.instant().isBefore(account.nextProbe)) {
            account.nextProbe = clock.instant().plus(probeInterval);
            LOG.info("Link {}: Luckey account frozen since {}: trying one write to see whether it was topped up", link.name(),
                    account.since);
            return true;
        }
        return false;
    }

    public synchronized void frozen(@ExchangeProperty("link") Link link) {
        Frozen account = frozen.computeIfAbsent(link.luckey().accountKey(), key -> {
            LOG.error("Link {}: Luckey account {} frozen (423 account_frozen): no changes there until an administrator tops up; "
                    + "trying again every {} s. Webhooks are still stored; other accounts go on.", link.name(), link.luckey(),
                    probeInterval.toSeconds());
            return new Frozen(clock.instant(), link.name(), null);
        });
        account.nextProbe = clock.instant().plus(probeInterval);
    }

    public synchronized void writeSucceeded(Link link) {
        Frozen account = frozen.remove(link.luckey().accountKey());
        if (account != null) {
            LOG.info("Link {}: Luckey account works again (frozen since {}): resuming changes", link.name(), account.since);
        }
    }

    /** Luckey refused the link's client id and secret (token request answered 400 or 401). */
    public void credentialsRejected(Link link, String why) {
        if (rejected.put(link.name(), why) == null) {
            LOG.error("Link {}: {}", link.name(), why);
        }
    }

    /** A token was issued: the link's credentials work (again). */
    public void credentialsAccepted(Link link) {
        if (rejected.remove(link.name()) != null) {
            LOG.info("Link {}: Luckey accepts the client id and secret again", link.name());
        }
    }

    /** The links whose credentials Luckey refused, with why. */
    public Map<String, String> credentialsRejected() {
        return new TreeMap<>(rejected);
    }

    /** Since when the link's Luckey account is frozen, or null. */
    public synchronized Instant frozenSince(Link link) {
        Frozen account = frozen.get(link.luckey().accountKey());
        return account == null ? null : account.since;
    }

    /** The frozen accounts, as the link that found each frozen and since when. */
    public synchronized Map<String, Instant> frozenSince() {
        Map<String, Instant> since = new TreeMap<>();
        frozen.values().forEach(account -> since.put(account.link, account.since));
        return since;
    }
}
