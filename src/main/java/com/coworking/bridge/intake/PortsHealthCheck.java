package com.coworking.bridge.intake;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.vertx.core.net.impl.TCPServerBase;

/**
 * Readiness: DOWN while the webhook or management server is not listening. The start refuses a port that is taken,
 * but another program can take it between that check and the bind; Camel's server then only logs a warning and the
 * bridge would look ready while Spacebring's webhooks reach the other program.
 */
public final class PortsHealthCheck extends AbstractHealthCheck {

    private final CamelContext camel;
    private final int httpPort;
    private final int managementPort;

    public PortsHealthCheck(CamelContext camel, int httpPort, int managementPort) {
        super("bridge", "ports");
        this.camel = camel;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringBuilder unbound = new StringBuilder();
        for (VertxPlatformHttpServer server : camel.hasServices(VertxPlatformHttpServer.class)) {
            if (!listening(server)) {
                unbound.append(unbound.isEmpty() ? "" : "; ").append(setting(server.getConfigurationPort())).append(' ')
                        .append(server.getConfigurationPort()).append(" on ").append(server.getHost())
                        .append(" is not bound (another program took it); restart the bridge once it is free, or choose another port");
            }
        }
        if (unbound.isEmpty()) {
            builder.up();
        } else {
            builder.message(unbound.toString()).down();
        }
    }

    /** Vert.x's public HttpServer cannot tell (its actualPort is the port asked for, bound or not); its base class can. */
    private static boolean listening(VertxPlatformHttpServer server) {
        return server.getServer() instanceof TCPServerBase tcp ? tcp.isListening() : server.getServer() != null;
    }

    private String setting(int port) {
        return port == httpPort ? "HTTP_PORT" : port == managementPort ? "MANAGEMENT_PORT" : "port";
    }
}
