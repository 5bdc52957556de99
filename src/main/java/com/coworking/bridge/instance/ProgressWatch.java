package com.coworking.bridge.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * The route policy of the consumers the bridge cannot do without (heartbeat, inbox, sync, time-driven access): each
 * tick they begin and end is noted, so that liveness can tell a bridge that still answers HTTP but no longer works -
 * a timer thread killed by an error, a consumer stuck for good, a route stopped by hand - and an orchestrator
 * restarts it. A route is stalled when it has begun no tick for {@code stalledAfter}, or its tick has run ten times
 * that long.
 */
public final class ProgressWatch extends RoutePolicySupport {

    private record Progress(Instant lastBegun, Instant runningSince) {
    }

    private final Duration stalledAfter;
    private final Clock clock;
    private final Map<String, Progress> routes = new ConcurrentHashMap<>();

    public ProgressWatch(Duration stalledAfter, Clock clock) {
        this.stalledAfter = stalledAfter;
        this.clock = clock;
    }

    @Override
    public void onStart(Route route) {
        started(route.getRouteId());
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        begun(route.getRouteId());
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        done(route.getRouteId());
    }

    void started(String routeId) {
        routes.put(routeId, new Progress(clock.instant(), null));
    }

    void begun(String routeId) {
        Instant now = clock.instant();
        routes.put(routeId, new Progress(now, now));
    }

    void done(String routeId) {
        routes.computeIfPresent(routeId, (id, progress) -> new Progress(progress.lastBegun(), null));
    }

    /** The watched routes that stopped making progress, each with what is wrong. */
    public Map<String, String> stalled() {
        Instant now = clock.instant();
        Map<String, String> stalled = new TreeMap<>();
        routes.forEach((route, progress) -> {
            if (progress.runningSince() != null && Duration.between(progress.runningSince(), now).compareTo(stalledAfter.multipliedBy(10)) > 0) {
                stalled.put(route, "one tick has run since " + progress.runningSince());
            } else if (progress.runningSince() == null && Duration.between(progress.lastBegun(), now).compareTo(stalledAfter) > 0) {
                stalled.put(route, "no tick since " + progress.lastBegun());
            }
        });
        return stalled;
    }

    public Duration stalledAfter() {
        return stalledAfter;
    }
}
