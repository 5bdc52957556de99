package com.coworking.bridge.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP server gives before a route sees the request, in the endpoint's JSON shape: 413 for a body over
 * camel.server.maxBodySize (the server's own refusal is bare), and, once the bridge is stopping, 503 with
 * Retry-After for every new webhook, so Svix delivers it again to a bridge that is up.
 */
public final class HttpServerAnswers extends EventNotifierSupport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerAnswers.class);
    private static final String RETRY_AFTER_SECONDS = "30";

    private final IntakeResponses responses;
    private volatile boolean stopping;
    private boolean installed;

    public HttpServerAnswers(IntakeResponses responses) {
        this.responses = responses;
    }

    @Override
    public synchronized void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Camel calls this more than once during start-up; one set of handlers per server is enough.
        if (installed) {
            return;
        }
        installed = true;
        String tooLarge = responses.errorJson("payload_too_large", "The body is larger than the server accepts (1 MiB by default)");
        String unavailable = responses.errorJson("stopping", "The bridge is stopping; the webhook was not stored, please retry later");
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().order(-1).handler(routing -> {
                if (stopping && routing.request().path().startsWith("/webhooks/")) {
                    routing.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                            .putHeader("Retry-After", RETRY_AFTER_SECONDS).end(unavailable);
                } else {
                    routing.next();
                }
            });
            router.route().failureHandler(routing -> {
                if (routing.statusCode() != 413) {
                    routing.next();
                    return;
                }
                LOG.warn("Refused a {} request to {}: 413 payload_too_large", routing.request().method(), routing.request().path());
                routing.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(tooLarge);
            });
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.CamelContextStopping;
    }

    @Override
    public void notify(CamelEvent event) {
        stopping = true;
        LOG.info("Stopping: new webhooks are answered 503 (Retry-After {} s); work in hand is finished or released", RETRY_AFTER_SECONDS);
    }
}
