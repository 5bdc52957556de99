package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;
import com.coworking.bridge.support.SignedWebhooks;

/** Spacebring answering the way real servers (and forged webhooks) may: lists that never end, ids that are paths. */
class SpacebringAsRealServersTest {

    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aPageTokenThatRepeatsEndsTheListAndThePollTreatsNothingAsGone() throws Exception {
        world = SandboxWorld.withoutWebhooks(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "1000"));
        world.spacebring.setRateLimit(0);
        for (int i = 0; i < 150; i++) {
            world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i));
        }
        eventually(() -> !world.db.query("select 1 from poll_run where outcome like 'complete%'").isEmpty());

        world.spacebring.setRepeatPageToken(true);
        int before = world.spacebring.requests().size();

        eventually(() -> !world.db.query("select 1 from poll_run where outcome like 'failed%'").isEmpty());
        assertThat((String) world.db.query("select outcome from poll_run where outcome like 'failed%'").get(0).get("outcome"))
                .contains("nextPageToken").contains("again");
        assertThat(world.spacebring.requests().size() - before).as("a few requests per poll, not an endless loop").isLessThan(40);
        assertThat(world.db.query("select 1 from sb_membership where gone_at is not null")).isEmpty();
    }

    @Test
    void aUsersMembershipsAreReadToTheirLastPageWhenSpacebringAnswersFewerThanAsked() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.poll.first-delay-ms", "3600000"));
        world.spacebring.setMaxPageSize(1);
        String company = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");
        world.spacebring.inviteMemberOfCompany(world.location, company, "ada@example.com", "Ada", "Lovelace");
        String ada = world.spacebring.userOf(world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace"));

        eventually(() -> world.luckey.user("ada@example.com").isPresent());
        world.settle();
        assertThat(world.db.query("select id, company_ref from sb_membership where user_ref = '" + ada + "' and gone_at is null"))
                .as("all three memberships, one page each; none taken for gone").hasSize(3)
                .anySatisfy(row -> assertThat(row).containsEntry("company_ref", company));
    }

    @Test
    void idsFromAWebhookNeverBecomePathsAndABadWebhookBlocksNothing() throws Exception {
        world = SandboxWorld.start();
        SignedWebhooks webhooks = new SignedWebhooks(world.bridge().url("/webhooks/spacebring"));
        for (String id : List.of("../../locations/v1", "x?status=canceled", "a%2Fb", "..%2F..%2Flocations")) {
            String body = "{\"id\":\"" + id + "\",\"locationRef\":\"" + world.location + "\",\"startDate\":\"2026-01-01\",\"items\":[]}";
            HttpResponse<String> answer = webhooks.send(body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");

        eventually(() -> world.luckey.user("ada@example.com").isPresent());
        assertThat(world.db.query("select status, reason from inbox where event_type = 'subscription.changed'"))
                .hasSize(4).allSatisfy(row -> assertThat(row).containsEntry("status", "rejected")
                        .hasEntrySatisfying("reason", reason -> assertThat((String) reason).contains("is not a Spacebring id")));
        assertThat(world.spacebring.requests()).allSatisfy(request -> assertThat(request).startsWith("/community/memberships/v1?"));
    }

    @Test
    void anAnswerAboutAnotherSubscriptionIsNotStored() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");
        eventually(() -> world.luckey.user("ada@example.com").isPresent());

        world.spacebring.setForeignAnswers(true);
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minus(Duration.ofDays(1)), null));

        eventually(() -> !world.db.query("select 1 from inbox where status = 'failed'").isEmpty());
        assertThat((String) world.db.query("select reason from inbox where status = 'failed'").get(0).get("reason"))
                .contains("answered about subscription");
        assertThat(world.db.query("select * from sb_subscription")).isEmpty();
        assertThat(world.luckey.tagNames()).isEmpty();
    }
}
