package com.coworking.bridge.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP servers give before a route sees the request, so that no caller, signed or not, can make the
 * bridge read, hold or check more than it can afford:
 * <ul>
 * <li>while the routes are starting, and once the bridge is stopping: 503 with Retry-After for every webhook (never a
 * 404 that a sender could take for "can never succeed");</li>
 * <li>a body declared larger than camel.server.maxBodySize: 413 at once, unread (the server's own refusal of a longer
 * body than declared is bare, so it is answered here too, in the endpoint's JSON shape);</li>
 * <li>more than {@code bridge.webhook.max-in-flight} webhooks, or more than {@code bridge.webhook.max-in-flight-bytes}
 * of declared bodies, being received, checked or stored at once: 503 with Retry-After at once, before the body is
 * read. A body without a Content-Length counts as the largest allowed;</li>
 * <li>a health request asking for {@code exposureLevel}: served as if it had not asked - the detail is for
 * {@code /admin/health} only;</li>
 * <li>an admin request's body is read as the JSON it must be, whatever its Content-Type says ({@code curl -d} says
 * form).</li>
 * </ul>
 */
public final class HttpServerAnswers extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerAnswers.class);
    static final String WEBHOOKS = "/webhooks/";
    private static final String HEALTH = "/observe/health";
    private static final String ADMIN = "/admin/";
    private static final String RETRY_AFTER_STOPPING_SECONDS = "30";
    static final String RETRY_AFTER_BUSY_SECONDS = "5";
    private static final Duration REFUSALS_LOG_EVERY = Duration.ofSeconds(10);

    private final IntakeResponses responses;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final AtomicLong refusedBusy = new AtomicLong();
    private final AtomicLong refusedTooLarge = new AtomicLong();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Instant refusalsLogged = Instant.EPOCH;
    private long busyReported;
    private long tooLargeReported;

    public HttpServerAnswers(IntakeResponses responses, long maxBodyBytes, int maxInFlight, long maxInFlightBytes) {
        this.responses = responses;
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlight = maxInFlight;
        this.maxInFlightBytes = maxInFlightBytes;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.CamelContextStarting || event.getType() == CamelEvent.Type.CamelContextStarted
                || event.getType() == CamelEvent.Type.CamelContextStopping;
    }

    @Override
    public void notify(CamelEvent event) {
        switch (event.getType()) {
            // The servers listen from here on (Camel starts them before the routes): guarded before any route answers
            case CamelContextStarting -> {
                var registry = ((CamelEvent.CamelContextEvent) event).getContext().getRegistry();
                install(registry.findByType(VertxPlatformHttpRouter.class));
                registry.findByType(GuardedHttpServerFactory.class).forEach(GuardedHttpServerFactory::guardInstalled);
            }
            case CamelContextStarted -> started = true;
            case CamelContextStopping -> {
                stopping = true;
                LOG.info("Stopping: new webhooks are answered 503 (Retry-After {} s); work in hand is finished or released",
                        RETRY_AFTER_STOPPING_SECONDS);
            }
            default -> {
            }
        }
    }

    /** Webhooks being received, checked or stored now (metrics). */
    public int getInFlight() {
        return inFlight.get();
    }

    /** Webhooks answered 503 because too many were in hand, since start (metrics). */
    public long getRefusedBusy() {
        return refusedBusy.get();
    }

    private void install(Iterable<VertxPlatformHttpRouter> routers) {
        String tooLarge = responses.errorJson("payload_too_large", "The body is larger than the server accepts (" + maxBodyBytes + " bytes)");
        for (VertxPlatformHttpRouter router : routers) {
            router.route().order(-1).handler(this::guard);
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

    private void guard(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String path = request.path();
        if (path.startsWith(HEALTH) && request.params().contains("exposureLevel")) {
            routing.reroute(request.method(), path);
        } else if (path.startsWith(ADMIN)) {
            // The admin API reads JSON only; curl -d sends it as a form, whose "fields" would become headers
            request.headers().set("Content-Type", "application/json");
            routing.next();
        } else if (!path.startsWith(WEBHOOKS)) {
            routing.next();
        } else if (stopping) {
            refuse(routing, 503, RETRY_AFTER_STOPPING_SECONDS, "stopping", "The bridge is stopping; the webhook was not stored, please retry later");
        } else if (!started) {
            refuse(routing, 503, RETRY_AFTER_BUSY_SECONDS, "starting", "The bridge is starting; the webhook was not stored, please retry shortly");
        } else {
            admit(routing, request);
        }
    }

    /** Takes a place for this webhook, or answers at once; the place is given back when the answer is sent or the connection lost. */
    private void admit(RoutingContext routing, HttpServerRequest request) {
        long declared = declaredLength(request);
        if (declared > maxBodyBytes) {
            refusedTooLarge.incrementAndGet();
            logRefusals();
            refuse(routing, 413, null, "payload_too_large", "The body is larger than the server accepts (" + maxBodyBytes + " bytes)");
            return;
        }
        long bytes = declared < 0 ? maxBodyBytes : declared;
        if (inFlight.incrementAndGet() > maxInFlight | inFlightBytes.addAndGet(bytes) > maxInFlightBytes) {
            inFlight.decrementAndGet();
            inFlightBytes.addAndGet(-bytes);
            refusedBusy.incrementAndGet();
            logRefusals();
            refuse(routing, 503, RETRY_AFTER_BUSY_SECONDS, "busy", "Too many webhooks are being received at once; please retry shortly");
            return;
        }
        routing.addEndHandler(ended -> {
            inFlight.decrementAndGet();
            inFlightBytes.addAndGet(-bytes);
        });
        routing.next();
    }

    /** The declared body length, or -1 when none is declared (chunked) or it is unreadable. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    /**
     * Answers without reading the body; what the caller still sends is read and dropped, not kept, so that it sees the
     * answer instead of a broken connection.
     */
    private void refuse(RoutingContext routing, int status, String retryAfter, String code, String message) {
        var response = routing.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        response.end(responses.errorJson(code, message));
        routing.request().resume();
    }

    /** One line when refusals start, then one every ten seconds at most with their counts: a flood does not flood the log. */
    private void logRefusals() {
        Instant now = Instant.now();
        if (Duration.between(refusalsLogged, now).compareTo(REFUSALS_LOG_EVERY) < 0) {
            return;
        }
        synchronized (this) {
            if (Duration.between(refusalsLogged, now).compareTo(REFUSALS_LOG_EVERY) < 0) {
                return;
            }
            refusalsLogged = now;
            long busy = refusedBusy.get();
            long tooLarge = refusedTooLarge.get();
            LOG.warn("Webhooks refused unread since the last report: {} answered 503 busy ({} in hand, {} bytes declared; limits {} "
                    + "and {}: WEBHOOK_MAX_IN_FLIGHT, WEBHOOK_MAX_IN_FLIGHT_BYTES), {} answered 413 (declared over {} bytes)",
                    busy - busyReported, inFlight.get(), inFlightBytes.get(), maxInFlight, maxInFlightBytes, tooLarge - tooLargeReported,
                    maxBodyBytes);
            busyReported = busy;
            tooLargeReported = tooLarge;
        }
    }
}
