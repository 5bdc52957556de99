package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.support.SandboxWorld;

/**
 * The route carry-out-action and its idempotent consumer over camel_messageprocessed, tested the way camel-sql
 * tests its JDBC repository: the same action twice at once has one effect, and a failed action leaves no key.
 */
class CarryOutActionTest {

    private static final String ADA = "ada@example.com";
    private static final String DOOR = PLAN_TAG_PREFIX + "Door";
    private static final String PUT_MEMBER = "PUT /tags/{tagId}/users/{userId}";
    private SandboxWorld world;
    private ProducerTemplate template;
    private String userRef;

    @BeforeEach
    void adaInLuckeyAndAManagedTag() throws Exception {
        world = SandboxWorld.start(Map.of("luckey.retry.max", "1"));
        world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());
        world.settle();
        userRef = (String) world.db.query("select user_ref from luckey_user").get(0).get("user_ref");
        world.db.execute("insert into luckey_tag (link, tag_key, name, luckey_tag_id) values ('default', 'plan:door', '" + DOOR + "', '"
                + world.luckey.createTagByHand(DOOR) + "')");
        template = world.bridge().camel().createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    private CompletableFuture<Exchange> send(LuckeyAction action) {
        return template.asyncSend("direct:carry-out-action", exchange -> {
            exchange.getMessage().setBody(action);
            exchange.setProperty("action", action);
            exchange.setProperty("link", link());
            exchange.setProperty("userRef", action.userRef());
        });
    }

    private Link link() {
        return world.bridge().camel().getRegistry().lookupByNameAndType("links", Links.class).named(Links.DEFAULT);
    }

    private LuckeyAction grant(String key) {
        return new LuckeyAction("grant", userRef, ADA, "Ada", "Lovelace", "plan:door", DOOR, "test", key);
    }

    private int keys(String key) {
        return world.db.query("select 1 from camel_messageprocessed where processorname = 'luckey-actions' and messageid = '"
                + key + "'").size();
    }

    @Test
    void theSameActionTwiceAtOnceReachesLuckeyOnce() throws Exception {
        world.luckey.setLatency(Duration.ofMillis(400));
        LuckeyAction action = grant("default/grant:" + userRef + ":plan:door:v1");

        CompletableFuture<Exchange> first = send(action);
        CompletableFuture<Exchange> second = send(action);
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        assertThat(world.luckey.calls(PUT_MEMBER)).hasSize(1);
        assertThat(world.luckey.membershipChanges(ADA, DOOR)).isEqualTo(1);
        assertThat(keys(action.idempotencyKey())).isEqualTo(1);
        assertThat(world.audit(ADA)).filteredOn(row -> "grant".equals(row.get("action"))).extracting(row -> row.get("result"))
                .containsExactlyInAnyOrder("added to the tag", "outcome unknown");
    }

    @Test
    void aFailedActionLeavesNoKeySoItCanBeTriedAgain() throws Exception {
        world.luckey.failNext(10, 500);
        LuckeyAction action = grant("default/grant:" + userRef + ":plan:door:v1");

        send(action).get(30, TimeUnit.SECONDS);

        assertThat(keys(action.idempotencyKey())).isZero();
        assertThat(world.db.query("select action, attempts from dead_letter")).containsExactly(Map.of("action", "grant", "attempts", 2));
        assertThat(world.luckey.tagMembers(DOOR)).isEmpty();

        world.luckey.failNext(0, 500);
        send(action).get(30, TimeUnit.SECONDS);

        assertThat(world.luckey.tagMembers(DOOR)).containsExactly(ADA);
        assertThat(keys(action.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void aFailureAfterLuckeyAppliedTheGrantNeverGrantsTwice() throws Exception {
        AdviceWith.adviceWith(world.bridge().camel(), "carry-out-action",
                route -> route.weaveById("audit-action").replace().throwException(new IllegalStateException("the audit table is away")));
        LuckeyAction action = grant("default/grant:" + userRef + ":plan:door:v1");

        send(action).get(30, TimeUnit.SECONDS);

        assertThat((String) world.db.query("select error from dead_letter").get(0).get("error")).contains("the audit table is away");
        assertThat(world.db.query("select tag_key from luckey_tag_member")).as("what Luckey confirmed is kept")
                .containsExactly(Map.of("tag_key", "plan:door"));
        AccessPlanner planner = world.bridge().camel().getRegistry().lookupByNameAndType("accessPlanner", AccessPlanner.class);
        assertThat(planner.plan(link(), userRef)).as("nothing left to do for Ada: no second grant").noneMatch(a -> "grant".equals(a.type()));
        assertThat(world.luckey.calls(PUT_MEMBER)).hasSize(1);
    }

    @Test
    void aKeyLeftClaimedByACrashBeforeLuckeyWasCalledIsReadBackThenTheInviteGoesThrough() {
        world.spacebring.setAutoDeliver(false);
        String grace = world.spacebring.inviteMember(world.location, "grace@example.com", "Grace", "Hopper");
        String graceRef = world.spacebring.userOf(grace);
        world.db.execute("insert into camel_messageprocessed (processorname, messageid, createdat) values ('luckey-actions', 'default/invite:"
                + graceRef + ":-:v0', now())");

        world.spacebring.deliver(world.spacebring.pendingWebhooks().get(0));

        eventually(() -> world.luckey.user("grace@example.com").isPresent());
        world.settle();
        assertThat(world.audit("grace@example.com")).extracting(row -> row.get("result"))
                .containsExactly("outcome unknown", "created (activation e-mail sent)");
        assertThat(world.luckey.activationEmails()).containsOnlyOnce("grace@example.com");
    }

    @Test
    void anUnknownActionTypeFailsLoudly() throws Exception {
        LuckeyAction action = new LuckeyAction("delete", userRef, ADA, "Ada", "Lovelace", null, null, "test", "delete:" + userRef);

        send(action).get(30, TimeUnit.SECONDS);

        assertThat((String) world.db.query("select error from dead_letter").get(0).get("error")).contains("Unknown action type 'delete'");
        assertThat(keys(action.idempotencyKey())).isZero();
        assertThat(world.luckey.writes()).isEqualTo(1);
    }
}
