package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * Luckey answering the way real servers do: tokens that stop working, identities that differ only in letter
 * case, lists that never end, answers lost after the change was made, members without a surname. The ways Luckey
 * may phrase a success are in {@link AccessSyncTest}, which runs whole in each.
 */
class LuckeyAsRealServersTest {

    private static final String ADA = "ada@example.com";
    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private static final String TOKEN = "POST /oauth/token";
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    private String subscribe(String membership, String plan) {
        return world.spacebring.createSubscription(NewSubscription.forMember(world.location, membership, plan,
                Instant.now().minus(Duration.ofDays(1)), null));
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndNothingIsLost() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        for (int i = 0; i < 3; i++) {
            world.spacebring.inviteMember(world.location, "before" + i + "@example.com", "Before", String.valueOf(i));
        }
        eventually(() -> world.luckey.userCount() == 3);
        world.settle();

        world.luckey.revokeTokens();
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        subscribe(ada, plan);

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        world.settle();
        assertThat(world.luckey.calls(TOKEN)).as("one new token after the revocation").hasSize(2);
        assertThat(world.luckey.calls().stream().filter(c -> c.status() == 401)).as("the revoked token is used once").hasSize(1);
        assertThat(world.db.query("select * from dead_letter")).isEmpty();
    }

    @Test
    void oneTokenServesEveryCallToEveryUrl() throws Exception {
        world = SandboxWorld.start();
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        for (int i = 0; i < 50; i++) {
            subscribe(world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i)), plan);
        }

        eventually(() -> world.luckey.tagMembers(HOT_DESK).size() == 50);
        world.settle();
        assertThat(world.luckey.calls().stream().filter(c -> !c.operation().equals(TOKEN)).count()).isGreaterThanOrEqualTo(100);
        assertThat(world.luckey.calls(TOKEN)).hasSize(1);
    }

    @Test
    void twoMembersWhoseEmailsDifferOnlyInCaseNeverShareALuckeyUser() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.sync.retry-after-failure-ms", "3600000"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        subscribe(world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace"), plan);
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));

        String namesake = world.spacebring.inviteMember(world.location, "ADA@Example.com", "Ada", "Other");
        String theirs = subscribe(namesake, plan);

        eventually(() -> !world.db.query("select * from dead_letter").isEmpty());
        assertThat((String) world.db.query("select error from dead_letter").get(0).get("error"))
                .contains("e-mail already used by another member");
        assertThat(world.audit("ADA@Example.com")).anySatisfy(row -> assertThat(row).containsEntry("action", "invite")
                .containsEntry("result", "failed"));
        assertThat(world.luckey.userCount()).isEqualTo(1);
        assertThat(world.db.query("select user_ref from luckey_user")).hasSize(1);

        world.spacebring.cancelSubscription(theirs, Instant.now().minusSeconds(1));

        world.settle();
        assertThat(world.luckey.tagMembers(HOT_DESK)).as("the other member's end changes nothing for Ada").containsExactly(ADA);
        assertThat(world.luckey.calls("DELETE /tags/{tagId}/users/{userId}")).isEmpty();
    }

    @Test
    void aTagListThatNeverEndsIsCutShortAndChangesNothing() throws Exception {
        world = SandboxWorld.start(Map.of("bridge.drift.interval-ms", "300"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        subscribe(world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace"), plan);
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));

        world.luckey.setStuckPaging(true);
        long before = world.luckey.calls("GET /tags/{tagId}/users").size();

        eventually(() -> world.luckey.calls("GET /tags/{tagId}/users").size() >= before + 3);
        long checks = world.luckey.calls("GET /tags/{tagId}/users").size() - before;
        assertThat(checks).as("one page per drift check, not an endless loop").isLessThan(20);
        assertThat(world.luckey.tagMembers(HOT_DESK)).containsExactly(ADA);
        assertThat(world.audit(ADA)).noneSatisfy(row -> assertThat((String) row.get("result")).startsWith("drift"));
    }

    @Test
    void aMemberWithoutSurnameOrNameIsCreatedAndRenamedWhenSpacebringGainsAName() throws Exception {
        // Spacebring sends no webhook for a user's new name: the poll sees it
        world = SandboxWorld.start(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "1000"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String grace = world.spacebring.inviteMember(world.location, "grace@example.com", "Grace", null);
        world.spacebring.inviteMember(world.location, "nameless@example.com", null, null);

        eventually(() -> world.luckey.user("grace@example.com").isPresent() && world.luckey.user("nameless@example.com").isPresent());
        assertThat(world.luckey.user("grace@example.com").orElseThrow()).containsEntry("name", "Grace").containsEntry("surname", "");
        assertThat(world.luckey.user("nameless@example.com").orElseThrow()).containsEntry("name", "nameless").containsEntry("surname", "");

        world.spacebring.renameUser(grace, "Grace", "Hopper");
        subscribe(grace, plan);

        eventually(() -> "Hopper".equals(world.luckey.user("grace@example.com").orElseThrow().get("surname")));
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("grace@example.com"));
        assertThat(world.db.query("select * from dead_letter")).isEmpty();
    }

    @Test
    void aGrantWhoseAnswerWasLostIsReadBackSoTheLaterCancelStillRevokes() throws Exception {
        world = SandboxWorld.start(Map.of("camel.component.http.responseTimeout", "1000", "camel.component.http.soTimeout", "1000",
                "bridge.sync.retry-after-uncertain-ms", "300"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());
        world.settle();

        world.luckey.applyThenStall("PUT /tags/{tagId}/users/{userId}", 1, Duration.ofSeconds(3));
        String subscription = subscribe(ada, plan);

        eventually(() -> world.audit(ADA).stream().anyMatch(row -> "outcome unknown".equals(row.get("result"))));
        eventually(() -> !world.db.query("select 1 from luckey_tag_member").isEmpty());
        world.settle();
        assertThat(world.luckey.tagMembers(HOT_DESK)).containsExactly(ADA);
        assertThat(world.luckey.calls("GET /users/{userId}")).as("Luckey was read back").isNotEmpty();
        assertThat(world.db.query("select * from dead_letter")).isEmpty();

        Instant cancelled = Instant.now();
        world.spacebring.cancelSubscription(subscription, Instant.now().minusSeconds(1));

        eventually(() -> world.luckey.tagMembers(HOT_DESK).isEmpty());
        assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofMinutes(1));
        assertThat(world.luckey.membershipChanges(ADA, HOT_DESK)).as("granted once, revoked once").isEqualTo(2);
    }
}
