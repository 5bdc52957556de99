package com.coworking.bridge.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.base.Errors;

/**
 * What the timers (inbox, sync, schedule, drift, heartbeat) log while something they need is away: one line
 * when a problem starts, one when it ends with how long it lasted - not a stack trace per tick.
 */
public final class Outages {

    private static final Logger LOG = LoggerFactory.getLogger(Outages.class);

    private record Outage(Instant since, String problem) {
    }

    private final Map<String, Outage> current = new ConcurrentHashMap<>();

    /** A tick of the route failed (its error handler calls this). */
    public void failed(Exchange exchange) {
        String problem = Errors.caught(exchange);
        String route = exchange.getFromRouteId();
        Outage before = current.putIfAbsent(route, new Outage(Instant.now(), problem));
        if (before == null) {
            LOG.error("{} stopped working: {}. Tried again every tick; logged again when it works", route, problem);
        }
    }

    /** A tick of the route completed: an outage it was in is over. */
    public void succeeded(String routeId) {
        Outage ended = current.remove(routeId);
        if (ended != null) {
            LOG.info("{} works again after {} s (it had stopped on: {})", routeId,
                    Duration.between(ended.since(), Instant.now()).toSeconds(), ended.problem());
        }
    }

    /** Routes in an outage now, with their problem (for health and the admin view). */
    public Map<String, String> now() {
        Map<String, String> problems = new java.util.TreeMap<>();
        current.forEach((route, outage) -> problems.put(route, outage.problem()));
        return problems;
    }
}
