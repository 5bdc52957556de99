package com.coworking.bridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.db.Database;
import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.link.LinkControls;
import com.coworking.bridge.luckey.LuckeyRequest;
import com.coworking.bridge.luckey.LuckeyResult;
import com.coworking.bridge.support.RouteTestSupport;

/**
 * The route carry-out-action (routes/sync.camel.yaml) with the Luckey adapter mocked: what it sends the adapter as the
 * body, what it records of the answers, and that one decision is sent once. The whole path through the simulators is
 * {@link CarryOutActionTest}'s.
 */
class CarryOutActionRoutesTest extends RouteTestSupport {

    private static final String USER = "u-1";
    private static final LuckeyAction GRANT = new LuckeyAction("grant", USER, "ada@example.com", "Ada", "Lovelace", "plan:p-1", "Door",
            "subscription s-1", "test/grant:u-1:plan:p-1:v1");

    private MockEndpoint findOrCreateTag;
    private MockEndpoint addToTag;

    @Override
    protected List<String> routeFiles() {
        return List.of("sync.camel.yaml");
    }

    @BeforeEach
    void adaKnownInLuckeyAndTheAdapterMocked() throws Exception {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> context.getRegistry().findSingleByType(Database.class).isReady());
        context.getRegistry().findSingleByType(BridgeInstance.class).beat();
        DB.execute("insert into luckey_user (link, user_ref, luckey_user_id, email) values ('test', '" + USER + "', 'L-1', 'ada@example.com')");
        AdviceWith.adviceWith(context, "carry-out-action", route -> route.mockEndpointsAndSkip("direct:luckey-*"));
        findOrCreateTag = getMockEndpoint("mock:direct:luckey-find-or-create-tag");
        findOrCreateTag.whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(new LuckeyResult("T-9", "found")));
        addToTag = getMockEndpoint("mock:direct:luckey-add-to-tag");
        addToTag.whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(new LuckeyResult(null, "added to the tag")));
    }

    private Exchange carryOut(LuckeyAction action) {
        return template.send("direct:carry-out-action", exchange -> {
            exchange.getMessage().setBody(action);
            exchange.setProperty("action", action);
            exchange.setProperty("link", link());
            exchange.setProperty("userRef", action.userRef());
            exchange.setProperty("queueVersion", 1L);
        });
    }

    @Test
    void aGrantSendsTheAdapterTheActionWithTheLuckeyIdsTheBridgeHolds() throws Exception {
        DB.execute("insert into luckey_tag (link, tag_key, name, luckey_tag_id) values ('test', 'plan:p-1', 'Door', 'T-1')");
        addToTag.expectedBodiesReceived(new LuckeyRequest(GRANT, "L-1", "T-1"));
        findOrCreateTag.expectedMessageCount(0);

        assertThat(carryOut(GRANT).getException()).isNull();

        MockEndpoint.assertIsSatisfied(context);
        assertThat(DB.query("select tag_key from luckey_tag_member where link = 'test' and user_ref = '" + USER + "'"))
                .containsExactly(Map.of("tag_key", "plan:p-1"));
        assertThat(DB.query("select action, result from audit_log where link = 'test'"))
                .containsExactly(Map.of("action", "grant", "result", "added to the tag"));
    }

    @Test
    void aTagNotKnownYetIsFoundFirstAndItsIdSentWithTheGrant() throws Exception {
        findOrCreateTag.expectedBodiesReceived(new LuckeyRequest(GRANT, "L-1", null));
        addToTag.expectedBodiesReceived(new LuckeyRequest(GRANT, "L-1", "T-9"));

        assertThat(carryOut(GRANT).getException()).isNull();

        MockEndpoint.assertIsSatisfied(context);
        assertThat(DB.query("select name, luckey_tag_id from luckey_tag where link = 'test' and tag_key = 'plan:p-1'"))
                .containsExactly(Map.of("name", "Door", "luckey_tag_id", "T-9"));
    }

    @Test
    void aDecisionAttemptedBeforeIsReadBackNotSentAgain() throws Exception {
        DB.execute("insert into luckey_tag (link, tag_key, name, luckey_tag_id) values ('test', 'plan:p-1', 'Door', 'T-1')");
        addToTag.expectedMessageCount(1);

        carryOut(GRANT);
        carryOut(GRANT);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(DB.query("select user_ref from luckey_reread where link = 'test'")).containsExactly(Map.of("user_ref", USER));
    }

    @Test
    void inDryRunTheActionIsAuditedAndNothingIsSentTheUserWaits() throws Exception {
        DB.execute("insert into sync_queue (link, user_ref, reason, version, claimed_at) values ('test', '" + USER + "', 'test', 1, now())");
        context.getRegistry().findSingleByType(LinkControls.class).dryRun(link(), true, "test");
        addToTag.expectedMessageCount(0);
        findOrCreateTag.expectedMessageCount(0);

        assertThat(carryOut(GRANT).getException()).isNull();

        MockEndpoint.assertIsSatisfied(context);
        assertThat(DB.query("select result from audit_log where link = 'test' and action = 'grant'")).singleElement()
                .satisfies(row -> assertThat(row.get("result").toString()).contains("dry run"));
        assertThat(DB.query("select last_error, due_at = 'infinity' as held from sync_queue where link = 'test'")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("held", true).extractingByKey("last_error").asString().contains("dry run"));
    }
}
