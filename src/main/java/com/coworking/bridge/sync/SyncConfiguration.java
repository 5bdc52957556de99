package com.coworking.bridge.sync;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.mirror.MirrorFacts;

/**
 * Access sync (routes sync.camel.yaml): the access rules applied to the mirror, the queue of Luckey actions, what
 * was done (audit) and what could not be (dead letters), and the keys that make each action happen once.
 */
public class SyncConfiguration implements CamelConfiguration {

    @BindToRegistry("accessPlanner")
    public AccessPlanner accessPlanner(DataSource dataSource, Clock clock, LuckeyState luckeyState,
            @PropertyInject("bridge.access.company-tag-on-belonging") boolean companyTagOnBelonging) {
        return new AccessPlanner(new MirrorFacts(dataSource, clock), luckeyState, new AccessPolicy(clock, companyTagOnBelonging));
    }

    @BindToRegistry("syncQueue")
    public SyncQueue syncQueue(DataSource dataSource, BridgeInstance instance, @PropertyInject("bridge.sync.batch-size") int batchSize,
            @PropertyInject("bridge.sync.claim-lease-seconds") long claimLeaseSeconds,
            @PropertyInject("bridge.sync.retry-after-failure-ms") long retryAfterFailureMs,
            @PropertyInject("luckey.frozen-retry-interval-ms") long frozenRetryMs,
            @PropertyInject("bridge.sync.retry-after-uncertain-ms") long retryAfterUncertainMs) {
        return new SyncQueue(dataSource, instance, batchSize, claimLeaseSeconds, Duration.ofMillis(retryAfterFailureMs),
                Duration.ofMillis(frozenRetryMs), Duration.ofMillis(retryAfterUncertainMs));
    }

    @BindToRegistry("auditLog")
    public AuditLog auditLog(DataSource dataSource, LinkStats stats) {
        return new AuditLog(dataSource, stats);
    }

    @BindToRegistry("deadLetters")
    public DeadLetters deadLetters(DataSource dataSource) {
        return new DeadLetters(dataSource);
    }

    @BindToRegistry("retries")
    public Retries retries() {
        return new Retries();
    }

    @BindToRegistry("luckeyActions")
    public ActionKeys luckeyActions(DataSource dataSource) {
        return new ActionKeys(dataSource, "luckey-actions");
    }
}
