package com.coworking.bridge.base;

import java.time.Clock;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * The beans every package may use: the clock time-driven access reads (tests and the sandbox pass one they can move)
 * and the failure descriptions the routes log and store.
 */
public class BaseConfiguration implements CamelConfiguration {

    private final Clock clock;

    public BaseConfiguration() {
        this(Clock.systemUTC());
    }

    public BaseConfiguration(Clock clock) {
        this.clock = clock;
    }

    @BindToRegistry("clock")
    public Clock clock() {
        return clock;
    }

    @BindToRegistry("errors")
    public Errors errors() {
        return new Errors();
    }
}
