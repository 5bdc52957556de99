package com.coworking.bridge.operate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.instance.WakeUps;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkControls;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.luckey.LuckeyAccount;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.poll.PollProgresses;
import com.coworking.bridge.spacebring.SpacebringBudget;
import com.coworking.bridge.spacebring.SpacebringTrouble;
import com.coworking.bridge.sync.AccessPlanner;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.SyncQueue;

/**
 * Operating each link: pause, dry run, resync, explain, dead letters - one MBean per link - and the health of the
 * calls to Spacebring and Luckey (UP unless one of them has failed every call for a minute).
 */
public class OperationsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsConfiguration.class);

    @BindToRegistry("upstreams")
    public Upstreams upstreams(@PropertyInject("spacebring.base-url") String spacebringBaseUrl, Clock clock, CamelContext camel) {
        Upstreams upstreams = new Upstreams(spacebringBaseUrl, clock);
        camel.getManagementStrategy().addEventNotifier(upstreams);
        return upstreams;
    }

    @BindToRegistry("upstreamsHealthCheck")
    public UpstreamsHealthCheck upstreamsHealthCheck(Upstreams upstreams, Links links,
            @PropertyInject("spacebring.client-id") String spacebringClientId,
            @PropertyInject("spacebring.client-secret") String spacebringClientSecret,
            @PropertyInject("bridge.links.file") String linksFile) {
        return new UpstreamsHealthCheck(upstreams, missingCredentials(links, spacebringClientId, spacebringClientSecret, linksFile));
    }

    /** A bridge that joins (again) applies the DRY_RUN setting to every link. */
    @BindToRegistry("linkOperations")
    public LinkOperations linkOperations(DataSource dataSource, LinkControls controls, SyncQueue queue, AccessPlanner planner,
            LuckeyState luckeyState, AuditLog audit, WakeUps wakeUps, Clock clock, BridgeInstance instance, Links links,
            @PropertyInject("bridge.dry-run") boolean dryRun) {
        LinkOperations operations = new LinkOperations(dataSource, controls, queue, planner, luckeyState, audit, wakeUps, clock);
        instance.onJoin(() -> operations.applyDryRunSetting(links.all(), dryRun));
        return operations;
    }

    @BindToRegistry("linkMBeans")
    public LinkMBeans linkMBeans(Links links, LinkOperations operations, LinkControls controls, LinkStats stats, PollProgresses polls,
            LuckeyAccount account, SpacebringBudget spacebring, SpacebringTrouble spacebringTrouble, DataSource dataSource,
            CamelContext camel) throws Exception {
        return new LinkMBeans(links, operations, controls, stats, polls, account, spacebring, spacebringTrouble, dataSource, camel);
    }

    /**
     * The credentials a linked location needs that are not set: the bridge still starts and stores webhooks (one WARN
     * here, a detail in health), since a bridge being set up is started before all of them are known.
     */
    private static List<String> missingCredentials(Links links, String spacebringClientId, String spacebringClientSecret,
            String linksFile) {
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
}
