package com.coworking.bridge.operate;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Camel's platform-http engine, serving routes {@code from: management-http:/...} on the management port (beside
 * health and metrics) and every other platform-http route, the webhooks', on the business port as usual. Camel's
 * engine serves one port only; both servers register their router under their port, so naming it is enough. Bound
 * as {@code platform-http-engine}, the one engine both components look up.
 */
public final class TwoPortHttpEngine extends VertxPlatformHttpEngine {

    public static final String MANAGEMENT_SCHEME = "management-http";

    private final int managementPort;

    public TwoPortHttpEngine(int managementPort) {
        this.managementPort = managementPort;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (!endpoint.getEndpointUri().startsWith(MANAGEMENT_SCHEME + ":")) {
            return super.createConsumer(endpoint, processor);
        }
        return new VertxPlatformHttpConsumer(endpoint, processor, getHandlers(), VertxPlatformHttpRouter.getRouterNameFromPort(managementPort));
    }
}
