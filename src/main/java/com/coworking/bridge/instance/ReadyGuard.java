package com.coworking.bridge.instance;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;

import com.coworking.bridge.db.Database;

/**
 * The route policy of every route that starts work on its own (timers, wake-ups): nothing happens until the database is reached and migrated (and,
 * but for the heartbeat, until this bridge's heartbeat is written), and a
 * tick that completes ends an outage the route was in (see {@link Outages}).
 */
public final class ReadyGuard extends RoutePolicySupport {

    private static final String HEARTBEAT = "bridge-heartbeat";

    private final Database database;
    private final BridgeInstance instance;
    private final Outages outages;

    public ReadyGuard(Database database, BridgeInstance instance, Outages outages) {
        this.database = database;
        this.instance = instance;
        this.outages = outages;
    }

    /** Nothing before the database is ready; no claims before this bridge's heartbeat is written. */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (!database.isReady() || (!HEARTBEAT.equals(route.getRouteId()) && !instance.holdsItsClaims())) {
            exchange.setRouteStop(true);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (database.isReady() && exchange.getException() == null && !ExchangeHelper.isFailureHandled(exchange)) {
            outages.succeeded(route.getRouteId());
        }
    }
}
