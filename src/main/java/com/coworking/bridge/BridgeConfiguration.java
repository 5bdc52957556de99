package com.coworking.bridge;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.db.Database;
import com.coworking.bridge.db.DatabaseHealthCheck;
import com.coworking.bridge.db.DatabaseSettings;
import com.coworking.bridge.intake.IntakeResponses;
import com.coworking.bridge.intake.PayloadTooLargeAnswer;
import com.coworking.bridge.intake.SvixSignatureCheck;
import com.coworking.bridge.intake.WebhookEventClassifier;
import com.coworking.bridge.luckey.LuckeyAccount;
import com.coworking.bridge.luckey.LuckeyAccountHealthCheck;
import com.coworking.bridge.luckey.LuckeyResponseCheck;
import com.coworking.bridge.luckey.LuckeyRedelivery;
import com.coworking.bridge.luckey.RequestParts;
import com.coworking.bridge.poll.DriftCheck;
import com.coworking.bridge.poll.PollProgress;
import com.coworking.bridge.poll.PollRun;
import com.coworking.bridge.poll.PolledPages;
import com.coworking.bridge.poll.ScheduleTick;
import com.coworking.bridge.sync.AccessPlanner;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.DeadLetters;
import com.coworking.bridge.sync.Link;
import com.coworking.bridge.sync.LuckeyState;
import com.coworking.bridge.sync.Mirror;
import com.coworking.bridge.sync.SyncQueue;
import com.coworking.bridge.sync.TagNames;

/**
 * Builds the beans the YAML routes refer to by name, from the settings in application.properties.
 * A {@code clock} bound before start (tests) replaces the system clock.
 */
public class BridgeConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        PropertiesComponent properties = camel.getPropertiesComponent();
        Registry registry = camel.getRegistry();
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
        }

        Database database = new Database(new DatabaseSettings(
                setting(properties, "bridge.db.url"),
                setting(properties, "bridge.db.user"),
                setting(properties, "bridge.db.password"),
                setting(properties, "bridge.db.embedded-data-dir"),
                Integer.parseInt(setting(properties, "bridge.db.embedded-port")),
                Integer.parseInt(setting(properties, "bridge.db.pool-size")),
                Long.parseLong(setting(properties, "bridge.db.connect-timeout-ms")),
                Integer.parseInt(setting(properties, "bridge.db.startup-retries"))));
        // Started here, before any route, so that the schema is migrated when the routes start.
        database.start();
        camel.addService(database, true, true);
        DataSource dataSource = database.dataSource();
        registry.bind("dataSource", dataSource);
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(dataSource));

        // Webhook intake
        registry.bind("svixSignatureCheck", new SvixSignatureCheck(setting(properties, "bridge.webhook.secret")));
        registry.bind("webhookEventClassifier", new WebhookEventClassifier());
        IntakeResponses responses = new IntakeResponses();
        registry.bind("intakeResponses", responses);
        camel.addStartupListener(new PayloadTooLargeAnswer(responses));

        // Mirror, access rules and sync
        Link link = new Link(setting(properties, "bridge.link.location-ref"),
                Boolean.parseBoolean(setting(properties, "bridge.link.enabled")));
        registry.bind("link", link);
        Mirror mirror = new Mirror(dataSource);
        registry.bind("mirror", mirror);
        LuckeyState luckeyState = new LuckeyState(dataSource);
        registry.bind("luckeyState", luckeyState);
        AccessPolicy policy = new AccessPolicy(clock, Boolean.parseBoolean(setting(properties, "bridge.access.company-tag-on-belonging")));
        TagNames tagNames = new TagNames(setting(properties, "bridge.tags.plan-template"),
                setting(properties, "bridge.tags.company-template"), properties::resolveProperty);
        registry.bind("accessPlanner", new AccessPlanner(mirror, luckeyState, policy, tagNames, link.locationRef()));
        Duration frozenRetry = Duration.ofMillis(Long.parseLong(setting(properties, "luckey.frozen-retry-interval-ms")));
        SyncQueue queue = new SyncQueue(dataSource,
                Duration.ofMillis(Long.parseLong(setting(properties, "bridge.sync.retry-after-failure-ms"))), frozenRetry);
        registry.bind("syncQueue", queue);
        AuditLog audit = new AuditLog(dataSource);
        registry.bind("auditLog", audit);
        registry.bind("deadLetters", new DeadLetters(dataSource));
        JdbcMessageIdRepository luckeyActions = new JdbcMessageIdRepository(dataSource, "luckey-actions");
        // The table belongs to a Flyway migration (V2), with its unique key.
        luckeyActions.setCreateTableIfNotExists(false);
        registry.bind("luckeyActions", luckeyActions);

        // Poll fallback and time-driven access
        PollProgress progress = new PollProgress(dataSource, link.locationRef());
        camel.addService(progress, true, true);
        registry.bind("polledPages", new PolledPages(dataSource));
        registry.bind("pollRun", new PollRun(dataSource, queue, link, progress, clock));
        registry.bind("scheduleTick", new ScheduleTick(dataSource, queue, link, clock));
        registry.bind("spacebringRetries", spacebringRetries(properties));
        registry.bind("driftCheck", new DriftCheck(dataSource, queue, audit, Boolean.parseBoolean(setting(properties, "bridge.drift.enforce"))));

        // Luckey adapter
        LuckeyAccount account = new LuckeyAccount(clock, frozenRetry);
        registry.bind("luckeyAccount", account);
        registry.bind("luckeyAccountHealthCheck", new LuckeyAccountHealthCheck(account));
        registry.bind("luckeyResponseCheck", new LuckeyResponseCheck(account));
        registry.bind("luckeyRedelivery", new LuckeyRedelivery());
        registry.bind("requestParts", new RequestParts());
    }

    /** Retries of Spacebring calls after 429, 5xx and network errors: exponential backoff with jitter. */
    private static RedeliveryPolicy spacebringRetries(PropertiesComponent properties) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(Integer.parseInt(setting(properties, "spacebring.retry.max")));
        policy.setRedeliveryDelay(Long.parseLong(setting(properties, "spacebring.retry.initial-delay-ms")));
        policy.setMaximumRedeliveryDelay(Long.parseLong(setting(properties, "spacebring.retry.max-delay-ms")));
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        return policy;
    }

    private static String setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("Missing setting " + key + " in application.properties"));
    }
}
