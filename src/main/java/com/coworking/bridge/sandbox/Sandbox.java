package com.coworking.bridge.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.BridgeApplication;
import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;

/**
 * Sandbox mode: the bridge between the two simulators, with a small coworking space, so an engineer can
 * watch it work (log, JMX, health, the embedded database) without a Spacebring or Luckey account.
 * {@code java -cp target/spacebring-luckey-bridge.jar com.coworking.bridge.sandbox.Sandbox}
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    public static final String HOT_DESK_TAG = "Spacebring plan: Hot desk";
    public static final String ACME_TAG = "Spacebring company: Acme";

    private final LuckeySimulator luckey;
    private final SpacebringSimulator spacebring;
    private final Main bridge;
    private final String location;

    private Sandbox(Path workingDirectory, Map<String, String> settings) throws Exception {
        int httpPort = Integer.parseInt(settings.getOrDefault("camel.server.port", "8080"));
        String webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        luckey = LuckeySimulator.start(0, "sandbox-luckey", UUID.randomUUID().toString());
        spacebring = SpacebringSimulator.start(0, "sandbox-spacebring", "sandbox-secret",
                "http://127.0.0.1:" + httpPort + "/webhooks/spacebring", webhookSecret);
        location = spacebring.createLocation("Sandbox coworking", "Europe/Berlin");
        Map<String, String> all = new HashMap<>(settings);
        all.put("bridge.webhook.secret", webhookSecret);
        all.put("bridge.link.location-ref", location);
        all.put("spacebring.base-url", spacebring.baseUrl());
        all.put("spacebring.client-id", "sandbox-spacebring");
        all.put("spacebring.client-secret", "sandbox-secret");
        all.put("luckey.base-url", luckey.baseUrl());
        all.put("luckey.client-id", "sandbox-luckey");
        all.put("luckey.client-secret", luckey.clientSecret());
        bridge = BridgeApplication.newMain(workingDirectory, all, Clock.systemUTC());
    }

    public static Sandbox start(Path workingDirectory, Map<String, String> settings) throws Exception {
        Sandbox sandbox = new Sandbox(workingDirectory, settings);
        sandbox.bridge.start();
        return sandbox;
    }

    /** The coworking space's day: Ada gets a hot desk, Bob joins Acme, which has an office. */
    public void playTheDay() {
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        String hotDesk = spacebring.createPlan(location, "Hot desk");
        String office = spacebring.createPlan(location, "Private office");
        String ada = spacebring.inviteMember(location, "ada@example.com", "Ada", "Lovelace");
        spacebring.createSubscription(NewSubscription.forMember(location, ada, hotDesk, yesterday, null));
        String acme = spacebring.createCompany(location, "Acme");
        spacebring.inviteMemberOfCompany(location, acme, "bob@example.com", "Bob", "Babbage");
        spacebring.createSubscription(NewSubscription.forCompany(location, acme, office, yesterday, null));
        LOG.info("Sandbox: Ada subscribed to Hot desk, Bob invited into Acme, Acme subscribed to an office; "
                + "watch the bridge invite both and grant '{}' and '{}'", HOT_DESK_TAG, ACME_TAG);
    }

    public LuckeySimulator luckey() {
        return luckey;
    }

    public SpacebringSimulator spacebring() {
        return spacebring;
    }

    @Override
    public void close() throws Exception {
        try {
            bridge.stop();
        } finally {
            spacebring.close();
            luckey.close();
        }
    }

    public static void main(String... args) throws Exception {
        try (Sandbox sandbox = start(Path.of("").toAbsolutePath(), Map.of())) {
            LOG.info("Sandbox: Spacebring simulator at {}, Luckey simulator at {}", sandbox.spacebring.baseUrl(), sandbox.luckey.baseUrl());
            sandbox.playTheDay();
            while (true) {
                Thread.sleep(10_000);
                LOG.info("Sandbox: Luckey now has {} user(s); '{}': {}; '{}': {}", sandbox.luckey.userCount(),
                        HOT_DESK_TAG, sandbox.luckey.tagMembers(HOT_DESK_TAG), ACME_TAG, sandbox.luckey.tagMembers(ACME_TAG));
            }
        }
    }
}
