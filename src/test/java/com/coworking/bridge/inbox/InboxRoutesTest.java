package com.coworking.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.db.Database;
import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.instance.WakeUps;
import com.coworking.bridge.support.RouteTestSupport;

/**
 * The inbox routes (routes/inbox.camel.yaml) with the lookups in Spacebring mocked: stored webhooks are claimed and
 * each goes to the lookup of its family with what it names, or is audited as ignored with the reason. The lookups
 * themselves, against the Spacebring simulator, are tested end to end (AccessSyncTest and others).
 */
class InboxRoutesTest extends RouteTestSupport {

    private MockEndpoint memberships;
    private MockEndpoint companies;
    private MockEndpoint subscriptions;

    /** The inbox is woken by the test (and by the database's notification of the commit), not by its safety net. */
    @Override
    protected Map<String, String> settings() {
        return Map.of("bridge.inbox.poll-interval-ms", "3600000");
    }

    @Override
    protected List<String> routeFiles() {
        return List.of("inbox.camel.yaml", "paging.camel.yaml", "spacebring-client.camel.yaml");
    }

    @BeforeEach
    void theLookupsMocked() throws Exception {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> context.getRegistry().findSingleByType(Database.class).isReady());
        context.getRegistry().findSingleByType(BridgeInstance.class).beat();
        AdviceWith.adviceWith(context, "apply-webhook", route -> route.mockEndpointsAndSkip("direct:refresh-*"));
        memberships = getMockEndpoint("mock:direct:refresh-user-memberships");
        companies = getMockEndpoint("mock:direct:refresh-company");
        subscriptions = getMockEndpoint("mock:direct:refresh-subscription");
    }

    /** Webhooks as intake stores them, received a minute ago, in one commit: one batch for the inbox consumer. */
    private static void stored(String... webhooks) {
        DB.execute("insert into inbox (svix_id, received_at, event_type, status, location_ref, payload, user_ref, company_ref, "
                + "subscription_ref) values " + String.join(", ", webhooks));
    }

    private static String webhook(String svixId, String eventType, String location, String userRef, String companyRef,
            String subscriptionRef) {
        return "('" + svixId + "', now() - interval '1 minute', '" + eventType + "', 'pending', '" + location + "', '{}', "
                + quoted(userRef) + ", " + quoted(companyRef) + ", " + quoted(subscriptionRef) + ")";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private void wakeTheInbox() {
        context.getRegistry().findSingleByType(WakeUps.class).inbox();
    }

    @Test
    void eachWebhookGoesToTheLookupOfItsFamilyOrIsIgnoredWithItsReason() throws Exception {
        NotifyBuilder applied = new NotifyBuilder(context).fromRoute("inbox-consumer").wereSentTo("direct:apply-webhook").whenDone(5).create();
        stored(webhook("msg_1", "membership.updated", "loc-1", "u-1", null, null),
                webhook("msg_2", "company.updated", "loc-1", null, "c-1", null),
                webhook("msg_3", "membership.invited", "loc-1", null, null, null),
                webhook("msg_4", "subscription.created", "loc-2", null, null, "s-2"),
                webhook("msg_5", "invoice.paid", "loc-1", null, null, null));
        memberships.expectedMessageCount(1);
        memberships.expectedPropertyReceived("memberUserRef", "u-1");
        companies.expectedPropertyReceived("companyRef", "c-1");
        subscriptions.expectedMessageCount(0);

        wakeTheInbox();

        assertThat(applied.matches(20, TimeUnit.SECONDS)).as("each webhook applied").isTrue();
        MockEndpoint.assertIsSatisfied(context);
        assertThat(DB.query("select svix_id, event_family, status, coalesce(reason, '') as reason from inbox order by id")).containsExactly(
                Map.of("svix_id", "msg_1", "event_family", "membership", "status", "done", "reason", ""),
                Map.of("svix_id", "msg_2", "event_family", "company", "status", "done", "reason", ""),
                Map.of("svix_id", "msg_3", "event_family", "membership", "status", "ignored", "reason", "names nothing to look up"),
                Map.of("svix_id", "msg_4", "event_family", "subscription", "status", "ignored", "reason", "other location"),
                Map.of("svix_id", "msg_5", "event_family", "invoice", "status", "ignored", "reason", "names nothing to look up"));
    }

    @Test
    void aWebhookTheMirrorAnsweredAfterItArrivedCostsNoLookup() throws Exception {
        NotifyBuilder applied = new NotifyBuilder(context).fromRoute("inbox-consumer").wereSentTo("direct:apply-webhook").whenDone(1).create();
        memberships.expectedMessageCount(0);
        DB.execute("insert into sb_membership (id, location_ref, user_ref, email, read_at) values ('m-1', 'loc-1', 'u-1', 'ada@example.com', now())");
        stored(webhook("msg_1", "membership.updated", "loc-1", "u-1", null, null));

        wakeTheInbox();

        assertThat(applied.matches(20, TimeUnit.SECONDS)).isTrue();
        MockEndpoint.assertIsSatisfied(context);
        assertThat(DB.query("select user_ref from sync_queue where link = 'test'")).containsExactly(Map.of("user_ref", "u-1"));
    }
}
