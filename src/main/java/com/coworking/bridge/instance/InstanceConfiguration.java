package com.coworking.bridge.instance;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import com.coworking.bridge.db.Database;

/** This bridge among the bridges sharing the database: its claims, its readiness, its progress and its wake-ups. */
public class InstanceConfiguration implements CamelConfiguration {

    /** Added after the database, so stopped before it: claims are released while the database is still there. */
    @BindToRegistry("bridgeInstance")
    public BridgeInstance bridgeInstance(Database database, DataSource dataSource, CamelContext camel,
            @PropertyInject("bridge.instance.dead-after-ms") long deadAfterMs) throws Exception {
        BridgeInstance instance = new BridgeInstance(database, dataSource, Duration.ofMillis(deadAfterMs));
        camel.addService(new BridgeInstance.ReleaseOnStop(instance), true, true);
        return instance;
    }

    @BindToRegistry("outages")
    public Outages outages() {
        return new Outages();
    }

    @BindToRegistry("readyGuard")
    public ReadyGuard readyGuard(Database database, BridgeInstance instance, Outages outages) {
        return new ReadyGuard(database, instance, outages);
    }

    /** On the system clock even in the sandbox: liveness is about real time passing. */
    @BindToRegistry("progressWatch")
    public ProgressWatch progressWatch(@PropertyInject("bridge.liveness.stalled-after-ms") long stalledAfterMs) {
        return new ProgressWatch(Duration.ofMillis(stalledAfterMs), Clock.systemUTC());
    }

    @BindToRegistry("progressHealthCheck")
    public ProgressHealthCheck progressHealthCheck(ProgressWatch progressWatch) {
        return new ProgressHealthCheck(progressWatch);
    }

    @BindToRegistry("wakeUps")
    public WakeUps wakeUps(CamelContext camel, Database database) throws Exception {
        WakeUps wakeUps = new WakeUps(camel, database);
        camel.addService(wakeUps, true, false);
        return wakeUps;
    }
}
