package com.coworking.bridge.inbox;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import com.coworking.bridge.db.Database;
import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.mirror.Mirror;
import com.coworking.bridge.spacebring.SpacebringRequests;

/** The inbox of stored webhooks (routes inbox.camel.yaml): claimed in batches, applied, retried with backoff. */
public class InboxConfiguration implements CamelConfiguration {

    @BindToRegistry("inbox")
    public Inbox inbox(Database database, BridgeInstance instance, @PropertyInject("bridge.inbox.batch-size") int batchSize,
            @PropertyInject("bridge.inbox.claim-lease-seconds") long claimLeaseSeconds,
            @PropertyInject("bridge.inbox.retry-initial-delay-ms") long retryInitialDelayMs,
            @PropertyInject("bridge.inbox.retry-max-delay-ms") long retryMaxDelayMs) {
        return new Inbox(database, instance, batchSize, claimLeaseSeconds, retryInitialDelayMs, retryMaxDelayMs);
    }

    @BindToRegistry("inboxHealthCheck")
    public InboxHealthCheck inboxHealthCheck(Inbox inbox, Database database) {
        return new InboxHealthCheck(inbox, database);
    }

    @BindToRegistry("burstLookups")
    public BurstLookups burstLookups(DataSource dataSource, Links links, SpacebringRequests spacebring, Mirror mirror) {
        return new BurstLookups(dataSource, links, spacebring, mirror);
    }
}
