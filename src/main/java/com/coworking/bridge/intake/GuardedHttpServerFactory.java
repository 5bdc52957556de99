package com.coworking.bridge.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Camel's HTTP servers, with one handler on the webhook path from before the business port is bound. Camel binds the
 * port while it starts, a moment before the bridge can install its own guard ({@link HttpServerAnswers}); a webhook
 * in that moment would find no route and be answered 404, which a sender may take for "can never succeed". Until the
 * guard is installed, this handler answers 503 with Retry-After instead. Its only hook before the port is bound is
 * the server's list of authentication handlers, hence the shape.
 */
public final class GuardedHttpServerFactory implements MainHttpServerFactory {

    private static final String STARTING = "{\"error\":{\"code\":\"starting\",\"message\":\"The bridge is starting; the webhook was not "
            + "stored, please retry shortly\"}}";

    private final DefaultMainHttpServerFactory camel = new DefaultMainHttpServerFactory();
    private volatile boolean guardInstalled;

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        MainHttpServer server = (MainHttpServer) camel.newHttpServer(camelContext, configuration);
        AuthenticationConfig.AuthenticationConfigEntry untilGuarded = new AuthenticationConfig.AuthenticationConfigEntry();
        untilGuarded.setPath(HttpServerAnswers.WEBHOOKS + "*");
        untilGuarded.setAuthenticationProviderFactory(vertx -> null);
        untilGuarded.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return GuardedHttpServerFactory.this::untilGuarded;
            }
        });
        server.getConfiguration().getAuthenticationConfig().getEntries().add(untilGuarded);
        server.getConfiguration().getAuthenticationConfig().setEnabled(true);
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext, HttpManagementServerConfigurationProperties configuration) {
        return camel.newHttpManagementServer(camelContext, configuration);
    }

    /** The bridge's guard answers from now on. */
    void guardInstalled() {
        guardInstalled = true;
    }

    private void untilGuarded(RoutingContext routing) {
        if (guardInstalled) {
            routing.next();
        } else {
            routing.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", HttpServerAnswers.RETRY_AFTER_BUSY_SECONDS).end(STARTING);
        }
    }
}
