package com.coworking.bridge.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;

import com.coworking.bridge.sandbox.LuckeySimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator;

/**
 * Both simulators and the bridge between them, over HTTP on loopback, with one linked location.
 * Spacebring's webhooks go to the bridge; the bridge calls Spacebring and Luckey.
 */
public final class SandboxWorld implements AutoCloseable {

    public static final String PLAN_TAG_PREFIX = "Spacebring plan: ";
    public static final String COMPANY_TAG_PREFIX = "Spacebring company: ";

    public final LuckeySimulator luckey;
    public final SpacebringSimulator spacebring;
    public final String location;
    public final String otherLocation;
    public final TestDatabase db = TestDatabase.shared();
    private final int httpPort = FreePorts.next();
    private final Map<String, String> settings = new HashMap<>();
    private RunningBridge bridge;

    public final MovableClock clock = new MovableClock();

    private SandboxWorld(Map<String, String> extraSettings, boolean webhooks) throws Exception {
        db.truncateAll();
        luckey = LuckeySimulator.start(0, "luckey-client", "luckey-secret");
        spacebring = SpacebringSimulator.start(0, "sb-client", "sb-secret",
                webhooks ? "http://127.0.0.1:" + httpPort + "/webhooks/spacebring" : null, RunningBridge.SECRET);
        spacebring.setClock(clock);
        location = spacebring.createLocation("Berlin Mitte", "Europe/Berlin");
        otherLocation = spacebring.createLocation("Hamburg", "Europe/Berlin");
        settings.put("camel.server.port", String.valueOf(httpPort));
        settings.put("bridge.link.location-ref", location);
        settings.put("spacebring.base-url", spacebring.baseUrl());
        settings.put("spacebring.client-id", "sb-client");
        settings.put("spacebring.client-secret", "sb-secret");
        settings.put("luckey.base-url", luckey.baseUrl());
        settings.put("luckey.client-id", "luckey-client");
        settings.put("luckey.client-secret", "luckey-secret");
        settings.put("luckey.retry.initial-delay-ms", "50");
        settings.put("luckey.requests-per-second", "500");
        settings.put("spacebring.retry.initial-delay-ms", "50");
        settings.put("bridge.inbox.poll-interval-ms", "100");
        settings.put("bridge.sync.poll-interval-ms", "100");
        settings.put("bridge.jobs.check-ms", "100");
        // Webhook tests see webhooks only; the poll, schedule and drift tests turn these on
        settings.put("bridge.poll.first-delay-ms", "3600000");
        settings.put("bridge.schedule.tick-ms", "3600000");
        settings.put("bridge.drift.interval-ms", "3600000");
        settings.putAll(extraSettings);
        startBridge();
    }

    public static SandboxWorld start() throws Exception {
        return new SandboxWorld(Map.of(), true);
    }

    public static SandboxWorld start(Map<String, String> settings) throws Exception {
        return new SandboxWorld(settings, true);
    }

    /** Spacebring delivers no webhook at all: only the poll and the schedule can tell the bridge. */
    public static SandboxWorld withoutWebhooks(Map<String, String> settings) throws Exception {
        return new SandboxWorld(settings, false);
    }

    public void startBridge() throws Exception {
        bridge = RunningBridge.start(settings, clock);
    }

    public void restartBridgeWith(Map<String, String> moreSettings) throws Exception {
        bridge.close();
        settings.putAll(moreSettings);
        startBridge();
    }

    public void stopBridge() throws Exception {
        bridge.close();
    }

    public RunningBridge bridge() {
        return bridge;
    }

    /** Waits (up to 20 s) until the condition holds, re-checking it as the bridge works. */
    public static void eventually(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    /** Waits until the bridge has nothing left to do: inbox applied and no user waiting to be reconciled. */
    public void settle() {
        eventually(() -> db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty()
                && db.query("select 1 from sync_queue where due_at <= now()").isEmpty());
    }

    public List<Map<String, Object>> audit(String email) {
        return db.query("select action, tag, cause, result, detail, idempotency_key from audit_log where email = '" + email
                + "' order by id");
    }

    @Override
    public void close() throws Exception {
        try {
            bridge.close();
        } finally {
            spacebring.close();
            luckey.close();
        }
    }
}
