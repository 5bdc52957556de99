package com.coworking.bridge.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server refuses bodies over camel.server.maxBodySize before any route sees them; this makes
 * that refusal the same JSON error the routes give instead of the server's bare 413.
 */
public final class PayloadTooLargeAnswer implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadTooLargeAnswer.class);

    private final IntakeResponses responses;
    private boolean installed;

    public PayloadTooLargeAnswer(IntakeResponses responses) {
        this.responses = responses;
    }

    @Override
    public synchronized void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Camel calls this more than once during start-up; one handler per server is enough.
        if (installed) {
            return;
        }
        installed = true;
        String body = responses.errorJson("payload_too_large", "The body is larger than the server accepts (1 MiB by default)");
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().failureHandler(routing -> {
                if (routing.statusCode() != 413) {
                    routing.next();
                    return;
                }
                LOG.warn("Refused a {} request to {}: 413 payload_too_large", routing.request().method(), routing.request().path());
                routing.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(body);
            });
        }
    }
}
