package com.coworking.bridge.drift;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.SyncQueue;

/** Drift repair (routes drift.camel.yaml): Luckey's tags read back and compared with what the bridge did. */
public class DriftConfiguration implements CamelConfiguration {

    @BindToRegistry("driftCheck")
    public DriftCheck driftCheck(DataSource dataSource, LuckeyState luckeyState, SyncQueue queue, AuditLog audit,
            @PropertyInject("bridge.drift.enforce") boolean enforce) {
        return new DriftCheck(dataSource, luckeyState, queue, audit, enforce);
    }
}
