package com.coworking.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;

import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.TagNames;
import com.coworking.bridge.base.SetupProblem;
import com.coworking.bridge.db.DatabaseSettings;
import com.coworking.bridge.intake.SvixSignatureCheck;
import com.coworking.bridge.link.DoorSettings;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.link.LinksFile;
import com.coworking.bridge.logging.SecretMask;

/**
 * The settings that can be wrong, checked together before any package makes its beans, so that a mistake stops the
 * start naming every mistake at once: the ports, the links (LINKS_FILE or the single-link settings), the webhook
 * secrets and the database. What they make is bound for the packages: {@code links}, {@code svixSignatureCheck},
 * {@code databaseSettings}. Ports too: Camel's servers only log a port they cannot bind, and the bridge would run
 * unreachable.
 */
final class SettingsCheck extends MainListenerSupport {

    @PropertyInject("bridge.db.url") String dbUrl;
    @PropertyInject("bridge.db.user") String dbUser;
    @PropertyInject("bridge.db.password") String dbPassword;
    @PropertyInject("bridge.db.embedded-data-dir") String dbEmbeddedDataDir;
    @PropertyInject("bridge.db.embedded-port") int dbEmbeddedPort;
    @PropertyInject("bridge.db.pool-size") int dbPoolSize;
    @PropertyInject("bridge.db.connect-timeout-ms") long dbConnectTimeoutMs;
    @PropertyInject("bridge.db.retry-max-delay-ms") long dbRetryMaxDelayMs;

    @PropertyInject("bridge.webhook.secret") String webhookSecrets;
    @PropertyInject("bridge.links.file") String linksFile;
    @PropertyInject("bridge.link.location-ref") String locationRef;
    @PropertyInject("bridge.link.enabled") boolean linkEnabled;
    @PropertyInject("bridge.tags.plan-template") String planTagTemplate;
    @PropertyInject("bridge.tags.company-template") String companyTagTemplate;
    @PropertyInject("bridge.tags.resource-template") String resourceTagTemplate;
    @PropertyInject("bridge.tags.visitor") String visitorTag;
    @PropertyInject("bridge.bookings.enabled") boolean bookingsEnabled;
    @PropertyInject("bridge.bookings.include-tentative") boolean bookingsIncludeTentative;
    @PropertyInject("bridge.bookings.open-before-ms") long bookingOpenBeforeMs;
    @PropertyInject("bridge.bookings.close-after-ms") long bookingCloseAfterMs;
    @PropertyInject("bridge.bookings.poll-days-ahead") int bookingPollDaysAhead;
    @PropertyInject("bridge.bookings.invite-lead-ms") long bookingInviteLeadMs;
    @PropertyInject("bridge.visitors.enabled") boolean visitorsEnabled;
    @PropertyInject("luckey.base-url") String luckeyBaseUrl;
    @PropertyInject("luckey.client-id") String luckeyClientId;
    @PropertyInject("luckey.client-secret") String luckeyClientSecret;
    @PropertyInject("luckey.requests-per-second") int luckeyRequestsPerSecond;

    @PropertyInject("camel.server.host") String httpHost;
    @PropertyInject("camel.server.port") int httpPort;
    @PropertyInject("camel.management.host") String managementHost;
    @PropertyInject("camel.management.port") int managementPort;
    /** --check: nothing is bound, so the ports are not tried. */
    @PropertyInject(value = "bridge.check", defaultValue = "false") boolean check;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        try {
            PluginHelper.getBeanPostProcessor(camel).postProcessBeforeInitialization(this, "settingsCheck");
        } catch (Exception unreadable) {
            throw RuntimeCamelException.wrapRuntimeCamelException(unreadable);
        }
        SetupProblem.Collector problems = new SetupProblem.Collector();
        if (!check) {
            problems.check(() -> requireFree("HTTP_PORT", httpHost, httpPort));
            problems.check(() -> requireFree("MANAGEMENT_PORT", managementHost, managementPort));
        }
        List<Link> links = problems.check(() -> links(camel));
        SvixSignatureCheck signatures = problems.check(() -> new SvixSignatureCheck(webhookSecrets));
        DatabaseSettings database = problems.check(() -> new DatabaseSettings(dbUrl, dbUser, dbPassword, dbEmbeddedDataDir,
                dbEmbeddedPort, dbPoolSize, dbConnectTimeoutMs, dbRetryMaxDelayMs));
        problems.throwIfAny();

        links.forEach(link -> SecretMask.add(link.luckey().clientSecret()));
        Registry registry = camel.getRegistry();
        registry.bind("links", new Links(links));
        registry.bind("svixSignatureCheck", signatures);
        registry.bind("databaseSettings", database);
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
}
