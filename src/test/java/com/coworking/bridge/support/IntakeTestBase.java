package com.coworking.bridge.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One bridge for all tests of a class, webhooks signed by Svix's library, and an empty database before each test. */
public abstract class IntakeTestBase {

    protected static RunningBridge bridge;
    protected static SignedWebhooks webhooks;
    protected final TestDatabase db = TestDatabase.shared();

    @BeforeAll
    static void startBridge() throws Exception {
        bridge = RunningBridge.start();
        webhooks = new SignedWebhooks(bridge.url("/webhooks/spacebring"));
    }

    @AfterAll
    static void stopBridge() throws Exception {
        bridge.close();
    }

    @BeforeEach
    void emptyDatabase() {
        db.truncateAll();
    }
}
