package com.coworking.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.sync.AccessPlanner;
import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.TagNames;
import com.coworking.bridge.db.Database;
import com.coworking.bridge.db.DatabaseHealthCheck;
import com.coworking.bridge.db.DatabaseSettings;
import com.coworking.bridge.drift.DriftCheck;
import com.coworking.bridge.http.HttpCalls;
import com.coworking.bridge.http.Pagers;
import com.coworking.bridge.http.Requests;
import com.coworking.bridge.inbox.BurstLookups;
import com.coworking.bridge.inbox.Inbox;
import com.coworking.bridge.inbox.InboxHealthCheck;
import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.instance.Outages;
import com.coworking.bridge.instance.JobLease;
import com.coworking.bridge.instance.ProgressHealthCheck;
import com.coworking.bridge.instance.ProgressWatch;
import com.coworking.bridge.instance.ReadyGuard;
import com.coworking.bridge.instance.WakeUps;
import com.coworking.bridge.intake.HttpServerAnswers;
import com.coworking.bridge.intake.IntakeResponses;
import com.coworking.bridge.intake.PortsHealthCheck;
import com.coworking.bridge.intake.WebhookBody;
import com.coworking.bridge.intake.SvixSignatureCheck;
import com.coworking.bridge.intake.WebhookEventClassifier;
import com.coworking.bridge.link.DoorSettings;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkControls;
import com.coworking.bridge.link.LinkJobs;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.link.LinksHealthCheck;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.link.LinksFile;
import com.coworking.bridge.logging.SecretMask;
import com.coworking.bridge.luckey.LuckeyAccount;
import com.coworking.bridge.luckey.LuckeyAccountHealthCheck;
import com.coworking.bridge.luckey.LuckeyAnswer;
import com.coworking.bridge.luckey.LuckeyBodies;
import com.coworking.bridge.luckey.LuckeyGate;
import com.coworking.bridge.luckey.LuckeyResults;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.luckey.LuckeyTokens;
import com.coworking.bridge.mirror.BookingMirror;
import com.coworking.bridge.mirror.Mirror;
import com.coworking.bridge.mirror.MirrorFacts;
import com.coworking.bridge.operate.AdminAccess;
import com.coworking.bridge.operate.AdminApi;
import com.coworking.bridge.operate.AdminErrors;
import com.coworking.bridge.operate.BridgeMetrics;
import com.coworking.bridge.operate.LinkMBean;
import com.coworking.bridge.operate.LinkOperations;
import com.coworking.bridge.operate.TwoPortHttpEngine;
import com.coworking.bridge.operate.Upstreams;
import com.coworking.bridge.operate.UpstreamsHealthCheck;
import com.coworking.bridge.poll.PollProgress;
import com.coworking.bridge.poll.PollRun;
import com.coworking.bridge.poll.ScheduleTick;
import com.coworking.bridge.spacebring.SpacebringBudget;
import com.coworking.bridge.spacebring.SpacebringRequests;
import com.coworking.bridge.spacebring.SpacebringTrouble;
import com.coworking.bridge.sync.ActionKeys;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.DeadLetters;
import com.coworking.bridge.sync.SyncQueue;
import com.coworking.bridge.base.Errors;
import com.coworking.bridge.base.SetupProblem;
import com.coworking.bridge.sync.Retries;

/**
 * The beans the YAML routes name, built in the order of the flow (intake, inbox, mirror, access, Luckey, poll
 * and drift) from the settings of application.properties, which Camel injects into the fields below. A
 * {@code clock} bound before start (tests) replaces the system clock.
 */
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    // ---------------------------------------------------------------- Database
    @PropertyInject("bridge.db.url") String dbUrl;
    @PropertyInject("bridge.db.user") String dbUser;
    @PropertyInject("bridge.db.password") String dbPassword;
    @PropertyInject("bridge.db.embedded-data-dir") String dbEmbeddedDataDir;
    @PropertyInject("bridge.db.embedded-port") int dbEmbeddedPort;
    @PropertyInject("bridge.db.pool-size") int dbPoolSize;
    @PropertyInject("bridge.db.connect-timeout-ms") long dbConnectTimeoutMs;
    @PropertyInject("bridge.db.retry-max-delay-ms") long dbRetryMaxDelayMs;
    @PropertyInject("bridge.instance.dead-after-ms") long instanceDeadAfterMs;
    @PropertyInject("bridge.poll.interval-ms") long pollIntervalMs;
    @PropertyInject("bridge.schedule.tick-ms") long scheduleTickMs;
    @PropertyInject("bridge.drift.interval-ms") long driftIntervalMs;
    @PropertyInject("bridge.liveness.stalled-after-ms") long livenessStalledAfterMs;

    // ---------------------------------------------------------------- Webhooks, links, tags, access rules
    @PropertyInject("bridge.webhook.secret") String webhookSecrets;
    @PropertyInject("camel.server.maxBodySize") long webhookMaxBodyBytes;
    @PropertyInject("bridge.webhook.max-in-flight") int webhookMaxInFlight;
    @PropertyInject("bridge.webhook.max-in-flight-bytes") long webhookMaxInFlightBytes;
    @PropertyInject("bridge.links.file") String linksFile;
    @PropertyInject("bridge.link.location-ref") String locationRef;
    @PropertyInject("bridge.link.enabled") boolean linkEnabled;
    @PropertyInject("bridge.tags.plan-template") String planTagTemplate;
    @PropertyInject("bridge.tags.company-template") String companyTagTemplate;
    @PropertyInject("bridge.tags.resource-template") String resourceTagTemplate;
    @PropertyInject("bridge.tags.visitor") String visitorTag;
    @PropertyInject("bridge.access.company-tag-on-belonging") boolean companyTagOnBelonging;
    @PropertyInject("bridge.bookings.enabled") boolean bookingsEnabled;
    @PropertyInject("bridge.bookings.include-tentative") boolean bookingsIncludeTentative;
    @PropertyInject("bridge.bookings.open-before-ms") long bookingOpenBeforeMs;
    @PropertyInject("bridge.bookings.close-after-ms") long bookingCloseAfterMs;
    @PropertyInject("bridge.bookings.poll-days-ahead") int bookingPollDaysAhead;
    @PropertyInject("bridge.bookings.invite-lead-ms") long bookingInviteLeadMs;
    @PropertyInject("bridge.visitors.enabled") boolean visitorsEnabled;

    // ---------------------------------------------------------------- Spacebring and Luckey
    @PropertyInject("spacebring.requests-per-second") int spacebringRequestsPerSecond;
    @PropertyInject("spacebring.retry.max") int spacebringRetryMax;
    @PropertyInject("spacebring.retry.initial-delay-ms") long spacebringRetryDelayMs;
    @PropertyInject("spacebring.retry.max-delay-ms") long spacebringRetryMaxDelayMs;
    @PropertyInject("luckey.retry.max") int luckeyRetryMax;
    @PropertyInject("luckey.retry.initial-delay-ms") long luckeyRetryDelayMs;
    @PropertyInject("luckey.retry.max-delay-ms") long luckeyRetryMaxDelayMs;
    @PropertyInject("luckey.base-url") String luckeyBaseUrl;
    @PropertyInject("spacebring.base-url") String spacebringBaseUrl;
    @PropertyInject("spacebring.client-id") String spacebringClientId;
    @PropertyInject("spacebring.client-secret") String spacebringClientSecret;
    @PropertyInject("luckey.client-id") String luckeyClientId;
    @PropertyInject("luckey.client-secret") String luckeyClientSecret;
    @PropertyInject("luckey.requests-per-second") int luckeyRequestsPerSecond;
    @PropertyInject("luckey.rate-window-ms") long luckeyRateWindowMs;
    @PropertyInject("luckey.frozen-retry-interval-ms") long luckeyFrozenRetryMs;
    @PropertyInject("bridge.paging.max-pages") int maxPages;

    // ---------------------------------------------------------------- Inbox, sync, drift
    @PropertyInject("bridge.inbox.batch-size") int inboxBatchSize;
    @PropertyInject("bridge.inbox.claim-lease-seconds") long inboxClaimLeaseSeconds;
    @PropertyInject("bridge.inbox.retry-initial-delay-ms") long inboxRetryInitialDelayMs;
    @PropertyInject("bridge.inbox.retry-max-delay-ms") long inboxRetryMaxDelayMs;
    @PropertyInject("bridge.sync.batch-size") int syncBatchSize;
    @PropertyInject("bridge.sync.claim-lease-seconds") long syncClaimLeaseSeconds;
    @PropertyInject("bridge.sync.retry-after-failure-ms") long retryAfterFailureMs;
    @PropertyInject("bridge.sync.retry-after-uncertain-ms") long retryAfterUncertainMs;
    @PropertyInject("bridge.drift.enforce") boolean driftEnforce;
    @PropertyInject("bridge.dry-run") boolean dryRun;
    @PropertyInject("bridge.admin.token") String adminToken;
    @PropertyInject("camel.management.port") int managementPort;
    /** --check: every bean is made and every route created, but nothing is started, bound or reached. */
    @PropertyInject(value = "bridge.check", defaultValue = "false") boolean check;
    @PropertyInject("camel.management.host") String managementHost;
    @PropertyInject("camel.server.port") int httpPort;
    @PropertyInject("camel.server.host") String httpHost;

    @Override
    public void configure(CamelContext camel) throws Exception {
        Registry registry = camel.getRegistry();
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
        }

        // The settings first, all of them: a mistake stops the start before anything runs, naming every mistake at once.
        // Ports too: Camel's servers only log a port they cannot bind, and the bridge would run unreachable.
        SetupProblem.Collector problems = new SetupProblem.Collector();
        if (!check) {
            problems.check(() -> requireFree("HTTP_PORT", httpHost, httpPort));
            problems.check(() -> requireFree("MANAGEMENT_PORT", managementHost, managementPort));
        }
        List<Link> linkList = problems.check(() -> links(camel));
        SvixSignatureCheck signatures = problems.check(() -> new SvixSignatureCheck(webhookSecrets));
        DatabaseSettings databaseSettings = problems.check(() -> new DatabaseSettings(dbUrl, dbUser, dbPassword, dbEmbeddedDataDir,
                dbEmbeddedPort, dbPoolSize, dbConnectTimeoutMs, dbRetryMaxDelayMs));
        problems.throwIfAny();

        Links links = new Links(linkList);
        links.all().forEach(link -> SecretMask.add(link.luckey().clientSecret()));
        registry.bind("links", links);

        // The database comes up in the background: the management port answers at once, health says why not ready.
        Database database = new Database(databaseSettings, camel);
        if (!check) {
            camel.addService(database, true, true);
            // Started now, not with the context: the database comes up while the routes are being loaded
            database.start();
        }
        DataSource dataSource = database.dataSource();
        registry.bind("database", database);
        registry.bind("dataSource", dataSource);
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(database));
        // Added after the database, so stopped before it: claims are released while the database is still there.
        BridgeInstance instance = new BridgeInstance(database, dataSource, Duration.ofMillis(instanceDeadAfterMs));
        camel.addService(new BridgeInstance.ReleaseOnStop(instance), true, true);
        registry.bind("bridgeInstance", instance);
        registry.bind("errors", new Errors());
        Outages outages = new Outages();
        registry.bind("outages", outages);
        registry.bind("readyGuard", new ReadyGuard(database, instance, outages));
        ProgressWatch progressWatch = new ProgressWatch(Duration.ofMillis(livenessStalledAfterMs), Clock.systemUTC());
        registry.bind("progressWatch", progressWatch);
        registry.bind("progressHealthCheck", new ProgressHealthCheck(progressWatch));
        WakeUps wakeUps = new WakeUps(camel, database);
        camel.addService(wakeUps, true, false);
        registry.bind("wakeUps", wakeUps);

        // Intake
        registry.bind("webhookBody", new WebhookBody());
        registry.bind("svixSignatureCheck", signatures);
        registry.bind("webhookEventClassifier", new WebhookEventClassifier());
        IntakeResponses responses = new IntakeResponses();
        registry.bind("intakeResponses", responses);
        HttpServerAnswers serverAnswers = new HttpServerAnswers(responses, webhookMaxBodyBytes, webhookMaxInFlight, webhookMaxInFlightBytes);
        registry.bind("httpServerAnswers", serverAnswers);
        camel.getManagementStrategy().addEventNotifier(serverAnswers);
        registry.bind("portsHealthCheck", new PortsHealthCheck(camel, httpPort, managementPort));

        // Calls to Spacebring and Luckey; health says when one of them has failed every call for a minute
        Upstreams upstreams = new Upstreams(spacebringBaseUrl, clock);
        camel.getManagementStrategy().addEventNotifier(upstreams);
        registry.bind("upstreamsHealthCheck", new UpstreamsHealthCheck(upstreams, missingCredentials(links)));
        registry.bind("httpCalls", new HttpCalls());
        registry.bind("pagers", new Pagers(maxPages));
        SpacebringRequests spacebring = new SpacebringRequests();
        registry.bind("spacebring", spacebring);
        SpacebringBudget spacebringBudget = new SpacebringBudget(spacebringRequestsPerSecond);
        registry.bind("spacebringBudget", spacebringBudget);
        SpacebringTrouble spacebringTrouble = new SpacebringTrouble();
        registry.bind("spacebringTrouble", spacebringTrouble);
        registry.bind("luckey", new Requests(id -> id));
        RedeliveryPolicy spacebringRetries = backoff(spacebringRetryMax, spacebringRetryDelayMs, spacebringRetryMaxDelayMs);
        // A stop cuts Spacebring's retries short: the webhook stays pending, the poll runs at the next start
        spacebringRetries.setAllowRedeliveryWhileStopping(false);
        registry.bind("spacebringRetries", spacebringRetries);
        registry.bind("luckeyRetries", backoff(luckeyRetryMax, luckeyRetryDelayMs, luckeyRetryMaxDelayMs));

        // Their periodic jobs: each runs on one bridge at a time (several bridges on one database)
        for (Link link : links.all()) {
            registry.bind("pollLease-" + link.name(), new JobLease("poll:" + link.name(), Duration.ofMillis(pollIntervalMs), instance,
                    dataSource));
            registry.bind("scheduleLease-" + link.name(), new JobLease("schedule:" + link.name(), Duration.ofMillis(scheduleTickMs),
                    instance, dataSource));
            registry.bind("driftLease-" + link.name(), new JobLease("drift:" + link.name(), Duration.ofMillis(driftIntervalMs), instance,
                    dataSource));
        }
        LinkJobs linkJobs = new LinkJobs(links);
        registry.bind("linkJobs", linkJobs);
        camel.addStartupListener(linkJobs);

        // Inbox and mirror
        Mirror mirror = new Mirror(dataSource);
        registry.bind("mirror", mirror);
        Inbox inbox = new Inbox(database, instance, inboxBatchSize, inboxClaimLeaseSeconds, inboxRetryInitialDelayMs, inboxRetryMaxDelayMs);
        registry.bind("inbox", inbox);
        registry.bind("inboxHealthCheck", new InboxHealthCheck(inbox, database));
        registry.bind("burstLookups", new BurstLookups(dataSource, links, spacebring, mirror));

        // Access rules and sync
        Duration frozenRetry = Duration.ofMillis(luckeyFrozenRetryMs);
        LuckeyState luckeyState = new LuckeyState(dataSource);
        registry.bind("luckeyState", luckeyState);
        BookingMirror bookingMirror = new BookingMirror(dataSource, mirror);
        registry.bind("bookingMirror", bookingMirror);
        AccessPlanner planner = new AccessPlanner(new MirrorFacts(dataSource, clock), luckeyState, new AccessPolicy(clock,
                companyTagOnBelonging));
        registry.bind("accessPlanner", planner);
        SyncQueue queue = new SyncQueue(dataSource, instance, syncBatchSize, syncClaimLeaseSeconds, Duration.ofMillis(retryAfterFailureMs),
                frozenRetry, Duration.ofMillis(retryAfterUncertainMs));
        registry.bind("syncQueue", queue);
        LinkStats stats = new LinkStats();
        AuditLog audit = new AuditLog(dataSource, stats);
        registry.bind("auditLog", audit);
        DeadLetters deadLetters = new DeadLetters(dataSource);
        registry.bind("deadLetters", deadLetters);
        registry.bind("retries", new Retries());
        registry.bind("luckeyActions", new ActionKeys(dataSource, "luckey-actions"));

        // Luckey
        LuckeyAccount account = new LuckeyAccount(clock, frozenRetry);
        registry.bind("luckeyAccount", account);
        registry.bind("luckeyAccountHealthCheck", new LuckeyAccountHealthCheck(account));
        LuckeyTokens tokens = new LuckeyTokens(camel);
        registry.bind("luckeyTokens", tokens);
        LuckeyGate gate = new LuckeyGate(Duration.ofMillis(luckeyRateWindowMs));
        registry.bind("luckeyGate", gate);
        registry.bind("luckeyAnswer", new LuckeyAnswer(account, tokens, gate, stats));
        registry.bind("luckeyBodies", new LuckeyBodies());
        registry.bind("luckeyResults", new LuckeyResults((link, id) -> luckeyState.ownerOf(links.sharingAccountWith(link), id)));

        // Poll fallback, time-driven access, drift repair
        Map<String, PollProgress> progress = new HashMap<>();
        for (Link link : links.all()) {
            progress.put(link.name(), new PollProgress(dataSource, link.name(), link.locationRef()));
            camel.addService(new BridgeMBeans(camel, progress.get(link.name()), link.name(), "poll"), true, true);
        }
        registry.bind("pollRun", new PollRun(dataSource, mirror, queue, audit, deadLetters, link -> progress.get(link.name()), outages,
                clock, camel.getExecutorServiceManager().newCachedThreadPool(this, "poll-page-writes"), spacebring, bookingMirror));
        registry.bind("scheduleTick", new ScheduleTick(dataSource, queue, clock, bookingMirror));
        registry.bind("driftCheck", new DriftCheck(dataSource, luckeyState, queue, audit, driftEnforce));

        // Operating each link: pause, dry run, resync, explain, dead letters - one MBean per link
        LinkControls controls = new LinkControls(links, dataSource);
        registry.bind("linkControls", controls);
        registry.bind("linksHealthCheck", new LinksHealthCheck(links, controls));
        LinkOperations operations = new LinkOperations(dataSource, controls, queue, planner, luckeyState, audit, wakeUps, clock);
        registry.bind("linkOperations", operations);
        instance.onJoin(() -> operations.applyDryRunSetting(links.all(), dryRun));
        Map<String, LinkMBean> linkMBeans = new HashMap<>();
        for (Link link : links.all()) {
            LinkMBean mbean = new LinkMBean(link, operations, controls, stats, progress.get(link.name()), account, spacebringBudget,
                    spacebringTrouble, dataSource);
            linkMBeans.put(link.name(), mbean);
            camel.addService(new BridgeMBeans(camel, mbean, link.name(), "link"), true, true);
        }
        camel.addStartupListener(new BridgeMetrics(linkMBeans, stats, database::isReachable));

        // The admin API (routes admin.camel.yaml) is served on the management port: from: management-http:/admin/...
        registry.bind("platform-http-engine", new TwoPortHttpEngine(managementPort));
        camel.addComponent(TwoPortHttpEngine.MANAGEMENT_SCHEME, new PlatformHttpComponent());
        registry.bind("adminAccess", new AdminAccess(adminToken));
        registry.bind("adminApi", new AdminApi(links, operations, linkMBeans, dataSource, camel));
        registry.bind("adminErrors", new AdminErrors());
    }

    /**
     * The credentials a linked location needs that are not set: the bridge still starts and stores webhooks (one WARN
     * here, a detail in health), since a bridge being set up is started before all of them are known.
     */
    private List<String> missingCredentials(Links links) {
        List<String> missing = new ArrayList<>();
        if (links.all().stream().noneMatch(Link::hasLocation)) {
            return missing;
        }
        if (spacebringClientId.isBlank() || spacebringClientSecret.isBlank()) {
            missing.add("SPACEBRING_CLIENT_ID and SPACEBRING_CLIENT_SECRET");
        }
        for (Link link : links.all()) {
            if (link.hasLocation() && (link.luckey().clientId().isBlank() || link.luckey().clientSecret().isBlank())) {
                missing.add(Links.DEFAULT.equals(link.name()) && linksFile.isBlank() ? "LUCKEY_CLIENT_ID and LUCKEY_CLIENT_SECRET"
                        : "the Luckey client id and secret of link " + link.name());
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("Not set: {}. Webhooks are stored, but nothing is looked up in Spacebring or changed in Luckey until they are",
                    String.join("; ", missing));
        }
        return missing;
    }

    /** A port another program holds stops the start, naming the setting; 0 (any free port) always binds. */
    private static Integer requireFree(String setting, String host, int port) {
        if (port == 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException taken) {
            throw new SetupProblem(setting + " " + port + " on " + host + " cannot be used (" + taken.getMessage()
                    + "): stop the program that holds it, or choose another port with " + setting);
        }
        return port;
    }

    /**
     * The links of LINKS_FILE, or else the one link {@code default} of the single-link settings (its explicit tag
     * names are the settings bridge.tags.plan.&lt;planRef&gt; and bridge.tags.company.&lt;companyRef&gt;).
     */
    private List<Link> links(CamelContext camel) {
        if (linksFile != null && !linksFile.isBlank()) {
            return LinksFile.read(Path.of(linksFile), System::getenv, TagNames.of(planTagTemplate, companyTagTemplate, resourceTagTemplate,
                    visitorTag, Map.of(), Map.of(), Map.of()), doors(), luckeyRequestsPerSecond);
        }
        TagNames tags = TagNames.fromSettings(planTagTemplate, companyTagTemplate, resourceTagTemplate, visitorTag, "bridge.tags.",
                camel.getPropertiesComponent()::resolveProperty);
        return List.of(new Link(Links.DEFAULT, locationRef, linkEnabled,
                new Link.LuckeyAccountSettings(luckeyBaseUrl, luckeyClientId, luckeyClientSecret, luckeyRequestsPerSecond), tags, doors()));
    }

    /** The doors of the single-link settings, and of each link of LINKS_FILE that does not set its own. */
    private DoorSettings doors() {
        return new DoorSettings(bookingsEnabled, bookingsIncludeTentative, visitorsEnabled, new AccessPolicy.BookingTimes(
                Duration.ofMillis(bookingOpenBeforeMs), Duration.ofMillis(bookingCloseAfterMs), Duration.ofMillis(bookingInviteLeadMs)),
                bookingPollDaysAhead);
    }

    /**
     * Retries after a passing trouble (429 or 5xx from Spacebring; 5xx or no connection to Luckey): exponential
     * backoff with jitter, waited out by Camel's scheduler (no thread sleeps).
     */
    private static RedeliveryPolicy backoff(int maximum, long firstDelayMs, long maximumDelayMs) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maximum);
        policy.setRedeliveryDelay(firstDelayMs);
        policy.setMaximumRedeliveryDelay(maximumDelayMs);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setAsyncDelayedRedelivery(true);
        return policy;
    }
}
