package com.coworking.bridge.link;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.sandbox.LuckeySimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.TestDatabase;

/**
 * One bridge, several links (LINKS_FILE): two locations, each to its own Luckey simulator or both to one, and a
 * location with no link - over HTTP on loopback and a real PostgreSQL.
 */
class MultiLinkTest {

    private static final String CARLA = "carla@example.com";
    private final TestDatabase db = TestDatabase.shared();
    private final int httpPort = FreePorts.next();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    private SpacebringSimulator spacebring;
    private LuckeySimulator milanoLuckey;
    private LuckeySimulator romaLuckey;
    private String milano;
    private String roma;
    private String torino;
    private RunningBridge bridge;

    private void start(boolean oneLuckeyAccount, boolean romaEnabled) throws Exception {
        db.truncateAll();
        milanoLuckey = LuckeySimulator.start(0, "milano-client", "milano-secret");
        romaLuckey = oneLuckeyAccount ? milanoLuckey : LuckeySimulator.start(0, "roma-client", "roma-secret");
        spacebring = SpacebringSimulator.start(0, "sb-client", "sb-secret", "http://127.0.0.1:" + httpPort + "/webhooks/spacebring",
                RunningBridge.SECRET);
        milano = spacebring.createLocation("Milano", "Europe/Rome");
        roma = spacebring.createLocation("Roma", "Europe/Rome");
        torino = spacebring.createLocation("Torino", "Europe/Rome");
        String romaClient = oneLuckeyAccount ? "milano" : "roma";
        Path links = Files.writeString(folder.resolve("links.yaml"), """
                links:
                  - name: milano
                    locationRef: %s
                    luckey: {baseUrl: "%s", clientId: milano-client, clientSecret: milano-secret}
                    tags: {planTemplate: "Milano: {title}", companyTemplate: "Milano company: {title}", resourceTemplate: "Milano room: {title}"}
                  - name: roma
                    locationRef: %s
                    enabled: %s
                    luckey: {baseUrl: "%s", clientId: %s-client, clientSecret: %s-secret}
                    tags: {planTemplate: "Roma: {title}", companyTemplate: "Roma company: {title}", resourceTemplate: "Roma room: {title}"}
                """.formatted(milano, milanoLuckey.baseUrl(), roma, romaEnabled, romaLuckey.baseUrl(), romaClient, romaClient));
        Map<String, String> settings = new HashMap<>();
        settings.put("camel.server.port", String.valueOf(httpPort));
        settings.put("bridge.links.file", links.toString());
        settings.put("spacebring.base-url", spacebring.baseUrl());
        settings.put("spacebring.client-id", "sb-client");
        settings.put("spacebring.client-secret", "sb-secret");
        settings.put("luckey.retry.initial-delay-ms", "50");
        settings.put("luckey.frozen-retry-interval-ms", "1000");
        settings.put("bridge.jobs.check-ms", "100");
        settings.put("bridge.poll.first-delay-ms", "3600000");
        settings.put("bridge.schedule.tick-ms", "3600000");
        settings.put("bridge.drift.interval-ms", "3600000");
        bridge = RunningBridge.start(settings);
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
        spacebring.close();
        milanoLuckey.close();
        romaLuckey.close();
    }

    /** A member of the location with a subscription to a plan of that title; returns the subscription. */
    private String subscribed(String location, String email, String planTitle) {
        String plan = spacebring.createPlan(location, planTitle);
        String membership = spacebring.inviteMember(location, email, email.substring(0, 1).toUpperCase(), "Member");
        return spacebring.createSubscription(NewSubscription.forMember(location, membership, plan, Instant.now().minusSeconds(3600), null));
    }

    /** Nothing left to do: every webhook applied and no user of an enabled link waiting. */
    private void settle() {
        eventually(() -> db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty()
                && db.query("select 1 from sync_queue where due_at <= now()").isEmpty());
    }

    private List<Map<String, Object>> audit(String email) {
        return db.query("select link, action, result from audit_log where email = '" + email + "' order by id");
    }

    @Test
    void eachMemberReachesOnlyTheirLocationsLuckeyAndAMemberOfBothGetsBoth() throws Exception {
        start(false, true);
        subscribed(milano, "ada@example.com", "Hot desk");
        subscribed(roma, "bob@example.com", "Hot desk");
        String carlaInMilano = subscribed(milano, CARLA, "Office");
        subscribed(roma, CARLA, "Office");
        subscribed(torino, "dora@example.com", "Hot desk");

        eventually(() -> milanoLuckey.tagMembers("Milano: Office").contains(CARLA) && romaLuckey.tagMembers("Roma: Office").contains(CARLA)
                && milanoLuckey.tagMembers("Milano: Hot desk").contains("ada@example.com")
                && romaLuckey.tagMembers("Roma: Hot desk").contains("bob@example.com"));
        assertThat(milanoLuckey.user("bob@example.com")).as("Bob is a member in Roma only").isEmpty();
        assertThat(romaLuckey.user("ada@example.com")).as("Ada is a member in Milano only").isEmpty();
        assertThat(milanoLuckey.user("dora@example.com")).isEmpty();
        assertThat(romaLuckey.user("dora@example.com")).as("Torino has no link").isEmpty();
        assertThat(romaLuckey.tagNames()).noneMatch(name -> name.startsWith("Milano"));
        assertThat(db.query("select count(*) as n from inbox where location_ref = '" + torino + "' and status = 'ignored'").get(0).get("n"))
                .isNotEqualTo(0L);
        assertThat(audit(CARLA)).extracting(row -> row.get("link") + " " + row.get("action"))
                .contains("milano invite", "milano grant", "roma invite", "roma grant");

        spacebring.cancelSubscription(carlaInMilano, Instant.now().minusSeconds(60));

        eventually(() -> !milanoLuckey.tagMembers("Milano: Office").contains(CARLA));
        assertThat(romaLuckey.tagMembers("Roma: Office")).as("Roma's subscription goes on").contains(CARLA);
    }

    @Test
    void aFrozenLuckeyAccountHoldsBackOnlyItsLink() throws Exception {
        start(false, true);
        milanoLuckey.freeze();

        subscribed(milano, "ada@example.com", "Hot desk");
        subscribed(roma, "bob@example.com", "Hot desk");

        eventually(() -> romaLuckey.tagMembers("Roma: Hot desk").contains("bob@example.com"));
        eventually(() -> audit("ada@example.com").stream().anyMatch(row -> "not written".equals(row.get("result"))));
        assertThat(milanoLuckey.writes()).isZero();
        assertThat(audit("ada@example.com")).allMatch(row -> "milano".equals(row.get("link")));
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl("/admin/health"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("link(s) milano frozen");

        milanoLuckey.unfreeze();

        eventually(() -> milanoLuckey.tagMembers("Milano: Hot desk").contains("ada@example.com"));
    }

    @Test
    void aDisabledLinkWaitsWhileTheOtherWorks() throws Exception {
        start(false, false);

        subscribed(milano, "ada@example.com", "Hot desk");
        subscribed(roma, "bob@example.com", "Hot desk");

        eventually(() -> milanoLuckey.tagMembers("Milano: Hot desk").contains("ada@example.com"));
        eventually(() -> !db.query("select 1 from sync_queue where link = 'roma'").isEmpty()
                && db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty());
        assertThat(romaLuckey.calls()).as("nothing is sent to a disabled link's Luckey").isEmpty();
        assertThat(bridge.camel().getRoute("spacebring-poll-roma")).as("its jobs exist, for when it is enabled").isNotNull();
    }

    @Test
    void aBurstOfWebhooksFromOneLocationDoesNotHoldBackAnother() throws Exception {
        start(false, true);
        spacebring.setAutoDeliver(false);
        for (int i = 0; i < 150; i++) {
            spacebring.inviteMember(milano, "member" + i + "@example.com", "Member", String.valueOf(i));
        }
        List<String> burst = spacebring.pendingWebhooks();
        spacebring.inviteMember(roma, "bob@example.com", "Bob", "Babbage");
        String bob = spacebring.pendingWebhooks().get(burst.size());
        burst.forEach(spacebring::deliver);
        spacebring.deliver(bob);

        // Each webhook costs one Spacebring request at 8 per second: the burst alone takes about 19 s
        eventually(() -> romaLuckey.user("bob@example.com").isPresent());
        assertThat(milanoLuckey.userCount()).as("Bob's webhook came last but did not wait for the whole burst").isLessThan(120);
    }

    @Test
    void twoLinksOnOneLuckeyAccountKeepTheirTagsApart() throws Exception {
        start(true, true);
        String inMilano = subscribed(milano, CARLA, "Office");
        subscribed(roma, CARLA, "Office");
        eventually(() -> milanoLuckey.tagMembers("Milano: Office").contains(CARLA) && milanoLuckey.tagMembers("Roma: Office").contains(CARLA));
        assertThat(milanoLuckey.userCount()).as("one Luckey user for Carla").isEqualTo(1);
        assertThat(milanoLuckey.activationEmails()).as("one activation e-mail; Roma adopted her").containsExactly(CARLA);

        spacebring.cancelSubscription(inMilano, Instant.now().minusSeconds(60));

        eventually(() -> !milanoLuckey.tagMembers("Milano: Office").contains(CARLA));
        settle();
        assertThat(milanoLuckey.tagMembers("Roma: Office")).as("the other link's tag stays").contains(CARLA);
        assertThat(milanoLuckey.user(CARLA)).isPresent();
    }
}
