package com.coworking.bridge.operate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.spi.EventNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.intake.HttpServerAnswers;
import com.coworking.bridge.link.LinkStats;

/**
 * The figures of every link's MBean as Prometheus metrics, beside Camel's route metrics at {@code /observe/metrics}
 * on the management port (camel-micrometer-prometheus): gauges read when scraped, counters from this bridge's
 * counts since it started. Registered once the context runs, in Camel's meter registry.
 */
public final class BridgeMetrics implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeMetrics.class);
    private static final List<String> TYPES = List.of("invite", "grant", "revoke", "rename");
    private static final List<String> OUTCOMES = List.of("done", "failed", "held back", "dry run", "outcome unknown");

    private final Map<String, LinkMBean> links;
    private final LinkStats stats;
    private final BooleanSupplier databaseReachable;

    /**
     * @param links             each link's MBean, by link name
     * @param databaseReachable whether the database answers now; while it does not, gauges show their last value at once
     */
    public BridgeMetrics(Map<String, LinkMBean> links, LinkStats stats, BooleanSupplier databaseReachable) {
        this.links = links;
        this.stats = stats;
        this.databaseReachable = databaseReachable;
    }

    /**
     * Before the routes start: Camel's per-endpoint meters (camel_exchange_event_notifier) leave out exchanges that no
     * route made - the wake-ups the bridge sends itself. Those meters lack the routeId tag, and Prometheus refuses a
     * second tag set under one name: whichever came first was kept, and the calls to Luckey and Spacebring were not
     * measured. They also leave out the requests of the HTTP routes (webhooks, admin), which their routes' own timers
     * measure: the notifier looks its last-exchange gauge up among all meters at each exchange's end, on the HTTP
     * server's one event-loop thread, and that search alone was a fifth of the thread's work under a webhook load.
     */
    @Override
    public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
        for (EventNotifier notifier : camel.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof MicrometerExchangeEventNotifier exchanges) {
                exchanges.setIgnoreExchanges(exchanges.getIgnoreExchanges().or(exchange -> exchange.getFromRouteId() == null
                        || exchange.getFromEndpoint() instanceof PlatformHttpEndpoint));
            }
        }
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
        MeterRegistry registry = camel.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            LOG.info("No meter registry (camel.metrics.enabled is off): the bridge's metrics are in JMX only");
            return;
        }
        links.forEach((name, link) -> register(registry, name, link));
        HttpServerAnswers intake = camel.getRegistry().findSingleByType(HttpServerAnswers.class);
        if (intake != null) {
            Gauge.builder("bridge_webhooks_in_hand", intake, HttpServerAnswers::getInFlight)
                    .description("Webhooks being received, checked or stored now").register(registry);
            FunctionCounter.builder("bridge_webhooks_refused_busy", intake, HttpServerAnswers::getRefusedBusy)
                    .description("Webhooks answered 503 busy (WEBHOOK_MAX_IN_FLIGHT, WEBHOOK_MAX_IN_FLIGHT_BYTES) since start").register(registry);
        }
    }

    private void register(MeterRegistry registry, String name, LinkMBean link) {
        Tags tags = Tags.of("link", name);
        gauge(registry, "bridge_inbox_depth", "Webhooks of the link's location stored and not applied yet", tags, link,
                LinkMBean::getInboxDepth);
        gauge(registry, "bridge_oldest_webhook_waiting_seconds", "Age of the oldest webhook not applied yet", tags, link,
                LinkMBean::getOldestWebhookWaitingSeconds);
        gauge(registry, "bridge_users_waiting", "Users waiting to be reconciled", tags, link, LinkMBean::getUsersWaiting);
        gauge(registry, "bridge_dead_letters_waiting", "Dead letters waiting to be replayed or discarded", tags, link,
                LinkMBean::getDeadLettersWaiting);
        gauge(registry, "bridge_paused", "1 while the link is paused", tags, link, l -> l.isPaused() ? 1 : 0);
        gauge(registry, "bridge_dry_run", "1 while the link is in dry run", tags, link, l -> l.isDryRun() ? 1 : 0);
        gauge(registry, "bridge_luckey_frozen", "1 while the link's Luckey account is frozen (423)", tags, link,
                l -> "no".equals(l.getLuckeyFrozenSince()) ? 0 : 1);
        gauge(registry, "bridge_poll_running", "1 while a poll of the location runs on this bridge", tags, link,
                l -> l.isPollRunning() ? 1 : 0);
        gauge(registry, "bridge_last_poll_seconds", "Duration of the last poll (so far, while one runs)", tags, link,
                LinkMBean::getLastPollSeconds);
        gauge(registry, "bridge_seconds_since_complete_poll", "Seconds since a poll of the location last completed, on any bridge (-1: none yet)",
                tags, link, LinkMBean::getSecondsSinceCompletePoll);
        gauge(registry, "bridge_webhooks_failed", "Webhooks of the link's location that ended failed for a permanent reason (kept for a replay)",
                tags, link, LinkMBean::getWebhooksFailed);
        gauge(registry, "bridge_webhooks_waiting_for_retry", "Webhooks of the link's location not applied for a passing reason, tried again later",
                tags, link, LinkMBean::getWebhooksWaitingForRetry);
        LinkStats.Figures figures = stats.of(name);
        for (String type : TYPES) {
            for (String outcome : OUTCOMES) {
                FunctionCounter.builder("bridge_actions", figures, f -> f.count(type + " " + outcome))
                        .description("Luckey actions by type and outcome since start").tags(tags.and("type", type, "outcome", outcome))
                        .register(registry);
            }
        }
        FunctionCounter.builder("bridge_polls_failed", link, LinkMBean::getPollsFailed)
                .description("Polls of the link's location that failed since start").tags(tags).register(registry);
        FunctionCounter.builder("bridge_luckey_requests", figures, f -> f.count("luckey requests"))
                .description("Answers from the link's Luckey account since start").tags(tags).register(registry);
        FunctionCounter.builder("bridge_luckey_rate_limited", figures, f -> f.count("luckey 429"))
                .description("429 answers from the link's Luckey account since start").tags(tags).register(registry);
        FunctionCounter.builder("bridge_spacebring_requests", link, LinkMBean::getSpacebringRequests)
                .description("Spacebring requests since start, all links").register(registry);
        FunctionCounter.builder("bridge_spacebring_rate_limited", link, LinkMBean::getSpacebringRateLimited)
                .description("429 answers from Spacebring since start, all links").register(registry);
    }

    /**
     * A gauge read when scraped. While the database is away it shows its last value at once (a scrape never waits for
     * a connection), and NaN if it was never read.
     */
    private void gauge(MeterRegistry registry, String name, String description, Tags tags, LinkMBean link,
                       ToDoubleFunction<LinkMBean> figure) {
        AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
        Gauge.builder(name, link, l -> {
            if (!databaseReachable.getAsBoolean()) {
                return last.get();
            }
            try {
                last.set(figure.applyAsDouble(l));
            } catch (RuntimeException unreadable) {
                // The database went away since the last probe: the last value, as while it is known to be away
            }
            return last.get();
        }).description(description).tags(tags).register(registry);
    }
}
