package com.coworking.bridge.operate;

import static com.coworking.bridge.support.SandboxWorld.COMPANY_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.JmxConnection;
import com.coworking.bridge.support.SandboxWorld;

/** The link's MBean as an operator uses it: through a remote, authenticated JMX connection, against the simulators. */
class LinkMBeanTest {

    private static final String ADA = "ada@example.com";
    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private SandboxWorld world;
    private JmxConnection jmx;
    private MBeanServerConnection mbeans;
    private ObjectName link;
    private String plan;

    @BeforeEach
    void adaWithAHotDesk() throws Exception {
        world = SandboxWorld.start();
        plan = world.spacebring.createPlan(world.location, "Hot desk");
        member(ADA);
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        world.settle();
        jmx = JmxConnection.as("operator-ann");
        mbeans = jmx.mbeans();
        link = new ObjectName("org.apache.camel:context=spacebring-luckey-bridge,type=bridge,link=\"default\",name=\"link\"");
    }

    @AfterEach
    void stop() throws Exception {
        jmx.close();
        world.close();
    }

    private String member(String email) {
        String membership = world.spacebring.inviteMember(world.location, email, "Member", "Test");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, membership, plan, Instant.now().minusSeconds(60), null));
        return membership;
    }

    private Object attribute(String name) throws Exception {
        return mbeans.getAttribute(link, name);
    }

    private String call(String operation, Object... arguments) throws Exception {
        String[] signature = new String[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            signature[i] = arguments[i] instanceof Long ? "long" : String.class.getName();
        }
        return (String) mbeans.invoke(link, operation, arguments, signature);
    }

    private List<Map<String, Object>> operations() {
        return world.db.query("select cause, result, detail from audit_log where action = 'operation' order by id");
    }

    @Test
    void figuresOfTheLink() throws Exception {
        assertThat(attribute("LocationRef")).isEqualTo(world.location);
        assertThat(attribute("Enabled")).isEqualTo(true);
        assertThat(attribute("Paused")).isEqualTo(false);
        assertThat(attribute("DryRun")).isEqualTo(false);
        assertThat(attribute("InvitesDone")).isEqualTo(1L);
        assertThat(attribute("GrantsDone")).isEqualTo(1L);
        assertThat(attribute("RevokesDone")).isEqualTo(0L);
        assertThat(attribute("ActionsFailed")).isEqualTo("grant 0, invite 0, rename 0, revoke 0");
        assertThat(attribute("InboxDepth")).isEqualTo(0L);
        assertThat(attribute("OldestWebhookWaitingSeconds")).isEqualTo(0L);
        assertThat(attribute("UsersWaiting")).isEqualTo(0L);
        assertThat(attribute("DeadLettersWaiting")).isEqualTo(0L);
        assertThat((Long) attribute("LuckeyRequests")).isGreaterThanOrEqualTo(3L);
        assertThat((Long) attribute("SpacebringRequests")).isGreaterThanOrEqualTo(2L);
        assertThat(attribute("LuckeyRequestsLastMinute")).as("all of them were in the last minute").isEqualTo(attribute("LuckeyRequests"));
        assertThat(attribute("SpacebringRequestsLastMinute")).isEqualTo(attribute("SpacebringRequests"));
        assertThat(attribute("LuckeyRateLimitedLastMinute")).isEqualTo(0L);
        assertThat(attribute("SpacebringRateLimitedLastMinute")).isEqualTo(0L);
        assertThat(attribute("LuckeyFrozenSince")).isEqualTo("no");
        assertThat(attribute("LastError")).isEqualTo("none");
        assertThat(attribute("LuckeyAccount")).isEqualTo("luckey-client at " + world.luckey.baseUrl());

        world.bridge().camel().getRouteController().stopRoute("inbox-consumer");
        world.spacebring.inviteMember(world.location, "bob@example.com", "Bob", "Babbage");
        assertThat(attribute("InboxDepth")).as("Bob's webhook, stored and not applied").isEqualTo(1L);
        assertThat((Long) attribute("OldestWebhookWaitingSeconds")).isBetween(0L, 5L);
        world.bridge().camel().getRouteController().startRoute("inbox-consumer");
        eventually(() -> (Long) attribute("InboxDepth") == 0L);
    }

    @Test
    void explainsAUsersAccess() throws Exception {
        String explained = call("explainUser", ADA.toUpperCase());

        assertThat(explained).contains("(" + ADA + ") in link default").contains("time zone not read yet")
                .contains("Access rules: these tags").contains(HOT_DESK + " (plan:" + plan + "): subscription ")
                .contains("in force from").contains("Luckey holds: user").contains("tags " + HOT_DESK)
                .contains("A sync now would: nothing").contains("Dead letters waiting: none").contains("grant");
        String acme = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.inviteMemberOfCompany(world.location, acme, "bob@example.com", "Bob", "Babbage");
        world.spacebring.createSubscription(NewSubscription.forCompany(world.location, acme, plan, Instant.now().minusSeconds(60), null));
        world.spacebring.inviteMember(world.location, "frank@example.com", "Frank", "Nosub");
        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").contains("bob@example.com")
                && world.luckey.user("frank@example.com").isPresent());
        world.settle();
        assertThat(call("explainUser", "bob@example.com")).contains(COMPANY_TAG_PREFIX + "Acme (company:" + acme + "): member of company "
                + acme + " whose subscription ").contains("company " + acme);
        assertThat(call("explainUser", "frank@example.com")).contains("Access rules: in Luckey, no tag")
                .contains("A sync now would: nothing");
        assertThat(call("explainUser", "carla@example.com")).isEqualTo("No member of link default with e-mail or Spacebring id "
                + "'carla@example.com'");
    }

    @Test
    void pauseHoldsChangesBackAndResumeReconcilesThem() throws Exception {
        assertThat(call("pause", "moving the readers")).contains("paused");
        assertThat(attribute("Paused")).isEqualTo(true);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(world.bridge().managementUrl("/admin/health"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("a paused link is a detail, not DOWN").isEqualTo(200);
        assertThat(health.body()).contains("paused by jmx user operator-ann").contains("(moving the readers)");

        member("bob@example.com");

        eventually(() -> world.db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty()
                && !world.db.query("select 1 from sync_queue").isEmpty());
        assertThat(world.luckey.user("bob@example.com")).as("nothing sent while paused").isEmpty();
        assertThat((Long) attribute("UsersWaiting")).isEqualTo(1L);

        assertThat(call("resume")).contains("1 user(s) waiting are reconciled now");

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("bob@example.com"));
        assertThat(operations()).extracting(row -> row.get("cause") + " " + row.get("detail"))
                .containsExactly("pause (moving the readers) by jmx user operator-ann", "resume by jmx user operator-ann");
    }

    @Test
    void dryRunAuditsWhatWouldBeSentAndSendsNothingUntilItEnds() throws Exception {
        call("dryRunOn");
        long callsBefore = world.luckey.calls().size();

        member("carla@example.com");

        eventually(() -> !world.db.query("select 1 from audit_log where email = 'carla@example.com' and action = 'grant'").isEmpty());
        world.settle();
        assertThat(world.luckey.calls()).as("no call to Luckey in dry run").hasSize((int) callsBefore);
        assertThat(world.audit("carla@example.com")).allSatisfy(row -> assertThat(row).containsEntry("result", "dry run: not sent"))
                .extracting(row -> row.get("action")).contains("invite", "grant");
        // Each sync while the user waits plans the same actions again: how many ran depends on when the webhooks came in
        List<Map<String, Object>> audited = world.audit("carla@example.com");
        long grants = audited.stream().filter(row -> "grant".equals(row.get("action"))).count();
        long invites = audited.stream().filter(row -> "invite".equals(row.get("action"))).count();
        assertThat(attribute("ActionsInDryRun")).isEqualTo("grant " + grants + ", invite " + invites + ", rename 0, revoke 0");

        assertThat(call("dryRunOff")).contains("1 user(s) held by the dry run are reconciled now");

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("carla@example.com"));
    }

    @Test
    void aDeadLetterIsReplayedOnceTheFaultIsClearedOrDiscardedWithAReason() throws Exception {
        world.luckey.failNext(1, 400);
        member("dan@example.com");
        eventually(() -> (Long) attribute("DeadLettersWaiting") == 1L);
        assertThat((String) attribute("LastError")).contains("invite dan@example.com");
        long id = (Long) world.db.query("select id from dead_letter").get(0).get("id");

        assertThat(call("replayDeadLetter", id)).contains("queued again");

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains("dan@example.com"));
        assertThat(attribute("DeadLettersWaiting")).isEqualTo(0L);
        assertThat(world.luckey.activationEmails()).containsOnlyOnce("dan@example.com");
        assertThat(call("replayDeadLetter", id)).as("replayed once").isEqualTo("Link default has no dead letter " + id + " waiting");

        world.luckey.failNext(1, 400);
        member("eve@example.com");
        eventually(() -> (Long) attribute("DeadLettersWaiting") == 1L);
        long eve = (Long) world.db.query("select id from dead_letter where replayed_at is null").get(0).get("id");
        assertThat(call("discardDeadLetter", eve, "Eve left before her first day")).isEqualTo("discarded");
        assertThat(attribute("DeadLettersWaiting")).isEqualTo(0L);
        assertThat(world.db.query("select discard_reason from dead_letter where id = " + eve))
                .containsExactly(Map.of("discard_reason", "Eve left before her first day (by jmx user operator-ann)"));
    }

    @Test
    void thePlanOfTheLocationIsWhatARealRunThenDoes() throws Exception {
        call("pause", "rehearsal");
        member("bob@example.com");
        String cancelled = world.db.query("select u.subscription_id from sb_subscription_users u join sb_membership m "
                + "using (user_ref) where m.email = '" + ADA + "'").get(0).get("subscription_id").toString();
        world.spacebring.cancelSubscription(cancelled, Instant.now().minusSeconds(1));
        eventually(() -> world.db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty()
                && world.db.query("select 1 from sync_queue").size() == 2);

        String plan = call("planLocation");

        assertThat(plan.lines().findFirst()).hasValue("Link default would grant 1, invite 1, revoke 1 for 2 of 2 user(s)");
        assertThat(plan).contains("invite bob@example.com because membership").contains("grant bob@example.com [" + HOT_DESK + "]")
                .contains("revoke " + ADA + " [" + HOT_DESK + "] because no subscription, company, booking, assignment or visit grants it any more");
        assertThat(world.luckey.tagMembers(HOT_DESK)).as("the plan performs nothing").containsExactly(ADA);

        Object before = world.db.query("select max(id) as id from audit_log").get(0).get("id");
        call("resume");
        eventually(() -> world.luckey.tagMembers(HOT_DESK).equals(Set.of("bob@example.com")));
        world.settle();
        assertThat(world.db.query("select action, email from audit_log where action in ('invite', 'grant', 'revoke') and id > "
                + before + " order by action"))
                .extracting(row -> row.get("action") + " " + row.get("email"))
                .containsExactly("grant bob@example.com", "invite bob@example.com", "revoke " + ADA);
    }

    @Test
    void resyncOneUserOrTheLocation() throws Exception {
        world.luckey.removeFromTagByHand(HOT_DESK, ADA);

        assertThat(call("resyncUser", ADA)).contains("(" + ADA + ") queued: Luckey is read back, then the user reconciled");

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        assertThat(call("fullResync")).isEqualTo("1 user(s) queued for reconciliation");
    }

    @Test
    void theIdempotencyKeysCannotBeClearedOrRemovedThroughJmx() throws Exception {
        long keys = world.db.query("select 1 from camel_messageprocessed").size();
        Set<ObjectName> all = mbeans.queryNames(new ObjectName("org.apache.camel:context=spacebring-luckey-bridge,*"), null);
        int refused = 0;
        for (ObjectName name : all) {
            if (!name.toString().contains("once-per-decision") && !name.toString().contains("ActionKeys")) {
                continue;
            }
            for (MBeanOperationInfo operation : mbeans.getMBeanInfo(name).getOperations()) {
                assertThat(operation.getName()).as(name + " offers no way to drop a key").isNotIn("remove", "add", "confirm");
                if (operation.getName().equals("clear")) {
                    refused++;
                    assertThatThrownBy(() -> mbeans.invoke(name, "clear", new Object[0], new String[0]))
                            .hasStackTraceContaining("never cleared");
                }
            }
        }
        assertThat(world.db.query("select 1 from camel_messageprocessed")).as("every key is still there").hasSize((int) keys);
        assertThat(keys).isPositive();
        assertThat(refused).as("the idempotent consumer's clear() was found and refused").isPositive();
    }
}
