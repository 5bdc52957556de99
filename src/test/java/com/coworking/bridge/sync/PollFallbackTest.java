package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.COMPANY_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/** With no webhooks at all, the poll and the schedule alone bring Luckey to the right state. */
class PollFallbackTest {

    private static final String ADA = "ada@example.com";
    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private static final Map<String, String> FAST_POLL = Map.of(
            "bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "1000", "bridge.schedule.tick-ms", "200");
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    /** One poll only, once the test's data is in Spacebring (else the poll may run before the data is there). */
    private static final Map<String, String> NO_POLL_YET = Map.of("bridge.poll.first-delay-ms", "3600000",
            "bridge.poll.interval-ms", "3600000");

    private void pollOnceNow() throws Exception {
        world.restartBridgeWith(Map.of("bridge.poll.first-delay-ms", "200"));
    }

    private SandboxWorld startWithoutWebhooks(Map<String, String> more) throws Exception {
        java.util.Map<String, String> settings = new java.util.HashMap<>(FAST_POLL);
        settings.putAll(more);
        return SandboxWorld.withoutWebhooks(settings);
    }

    /** Ada subscribed to "Hot desk" since yesterday, once she is in the tag. Returns her membership. */
    private String adaWithHotDesk() {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), null));
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        return ada;
    }

    private Instant daysAgo(int days) {
        return world.clock.instant().minus(Duration.ofDays(days));
    }

    @Test
    void pollingAloneReachesTheRightState() throws Exception {
        world = startWithoutWebhooks(Map.of());
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.inviteMember(world.location, "bob@example.com", "Bob", "Babbage");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), null));

        eventually(() -> world.luckey.tagMembers(HOT_DESK).equals(Set.of(ADA)) && world.luckey.user("bob@example.com").isPresent());
        assertThat(world.spacebring.deliveries()).isEmpty();
        assertThat(world.db.query("select * from inbox")).isEmpty();
    }

    @Test
    void joiningAndLeavingACompanyGrantsThenRevokes() throws Exception {
        world = startWithoutWebhooks(Map.of());
        String plan = world.spacebring.createPlan(world.location, "Office");
        String company = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.createSubscription(NewSubscription.forCompany(world.location, company, plan, daysAgo(1), null));
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());

        world.spacebring.addMemberToCompany(ada, company);
        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").contains(ADA));

        world.spacebring.removeMemberFromCompany(ada);
        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").isEmpty());
    }

    @Test
    void aDeletedMembershipIsRevoked() throws Exception {
        world = startWithoutWebhooks(Map.of());
        String ada = adaWithHotDesk();

        world.spacebring.deleteMembership(ada);

        eventually(() -> world.luckey.tagMembers(HOT_DESK).isEmpty());
        assertThat(world.luckey.user(ADA)).isPresent();
    }

    @Test
    void anEndDatePassingRevokesWithinOneScheduleTick() throws Exception {
        world = startWithoutWebhooks(NO_POLL_YET);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1),
                world.clock.instant().plus(Duration.ofDays(2))));
        pollOnceNow();
        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));

        world.clock.advance(Duration.ofDays(2).plusMinutes(1));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> world.luckey.tagMembers(HOT_DESK).isEmpty());
        assertThat(world.audit(ADA)).last().satisfies(row -> assertThat(row).containsEntry("action", "revoke"));
    }

    @Test
    void aFutureStartIsGrantedWhenItIsReached() throws Exception {
        world = startWithoutWebhooks(NO_POLL_YET);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan,
                world.clock.instant().plus(Duration.ofDays(3)), null));
        pollOnceNow();
        eventually(() -> world.luckey.user(ADA).isPresent());
        world.settle();
        assertThat(world.luckey.tagMembers(HOT_DESK)).isEmpty();

        world.clock.advance(Duration.ofDays(3));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
    }

    @Test
    void aPollCompletesThrough429Storms() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(NO_POLL_YET);
        settings.put("spacebring.retry.initial-delay-ms", "200");
        world = startWithoutWebhooks(settings);
        world.spacebring.setRateLimit(3);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        for (int i = 0; i < 250; i++) {
            String member = world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i));
            if (i % 50 == 0) {
                world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan, daysAgo(1), null));
            }
        }
        pollOnceNow();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                !world.db.query("select 1 from poll_run where outcome = 'complete'").isEmpty());
        assertThat(world.db.query("select count(*) as n from sb_membership where gone_at is null").get(0).get("n")).isEqualTo(250L);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> world.luckey.tagMembers(HOT_DESK).size() == 5);
    }

    @Test
    void aLocationOf2500MembershipsIsReadOverManyPages() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(NO_POLL_YET);
        settings.put("bridge.sync.batch-size", "100");
        world = startWithoutWebhooks(settings);
        world.spacebring.setRateLimit(0);
        for (int i = 0; i < 2500; i++) {
            world.spacebring.inviteMember(world.location, "member" + i + "@example.com", "Member", String.valueOf(i));
        }
        pollOnceNow();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                !world.db.query("select 1 from poll_run where outcome = 'complete'").isEmpty());
        Map<String, Object> run = world.db.query("select full_sync, pages from poll_run").get(0);
        assertThat(run.get("full_sync")).isEqualTo(true);
        assertThat((Integer) run.get("pages")).isGreaterThanOrEqualTo(25);
        assertThat(world.db.query("select count(*) as n from sb_membership").get(0).get("n")).isEqualTo(2500L);
        ObjectName poll = new ObjectName("org.apache.camel:context=spacebring-luckey-bridge,type=bridge,link=\"default\",name=\"poll\"");
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(poll, "UsersKnown")).isEqualTo(2500L);
        assertThat((Boolean) ManagementFactory.getPlatformMBeanServer().getAttribute(poll, "FullSync")).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> world.luckey.userCount() == 2500);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                ManagementFactory.getPlatformMBeanServer().getAttribute(poll, "UsersDone").equals(2500L));
    }

    @Test
    void aPollThatFailsMidwayRevokesNothing() throws Exception {
        world = startWithoutWebhooks(Map.of("spacebring.retry.max", "1"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        for (int i = 0; i < 150; i++) {
            String member = world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i));
            world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan, daysAgo(1), null));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> world.luckey.tagMembers(HOT_DESK).size() == 150);

        world.spacebring.setRateLimit(0);
        world.spacebring.failNext(1_000_000);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                !world.db.query("select 1 from poll_run where outcome like 'failed%'").isEmpty());
        world.settle();

        assertThat(world.luckey.tagMembers(HOT_DESK)).hasSize(150);
        assertThat(world.luckey.calls("DELETE /tags/{tagId}/users/{userId}")).isEmpty();
        assertThat(world.db.query("select 1 from sb_membership where gone_at is not null")).isEmpty();
        assertThat(world.db.query("select 1 from sb_subscription where delete_date is not null")).isEmpty();
    }

    @Test
    void aFullSyncThatFailsMidwayIsBegunAgainAndQueuesEveryoneWhenItCompletes() throws Exception {
        world = startWithoutWebhooks(NO_POLL_YET);
        world.spacebring.setRateLimit(0);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        for (int i = 0; i < 250; i++) {
            String member = world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i));
            world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan, daysAgo(1), null));
        }
        world.spacebring.setRepeatPageToken(true);
        pollOnceNow();
        eventually(() -> !world.db.query("select 1 from poll_run where outcome like 'failed%'").isEmpty());
        world.settle();
        assertThat(world.db.query("select count(*) as n from sb_membership").get(0).get("n"))
                .as("the failed full sync stored its first pages").isNotEqualTo(0L);
        assertThat(world.luckey.userCount()).as("a full sync queues its users only once it completes").isZero();

        world.spacebring.setRepeatPageToken(false);
        world.restartBridgeWith(FAST_POLL);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> world.luckey.tagMembers(HOT_DESK).size() == 250);
        assertThat(world.db.query("select full_sync, outcome from poll_run order by id")).first()
                .satisfies(run -> assertThat((String) run.get("outcome")).startsWith("failed"));
        assertThat(world.db.query("select full_sync from poll_run where outcome like 'complete%' order by id").get(0))
                .as("the poll after a failed full sync is a full sync again").containsEntry("full_sync", true);
    }

    @Test
    void someoneAddedByHandToAManagedTagIsRemovedAndLogged() throws Exception {
        world = startWithoutWebhooks(Map.of("bridge.drift.interval-ms", "1000"));
        adaWithHotDesk();
        world.luckey.createTagByHand("Staff only");
        world.luckey.createUserByHand("mallory@example.com", "Mallory", "M");
        world.luckey.addToTagByHand(HOT_DESK, "mallory@example.com");
        world.luckey.addToTagByHand("Staff only", "mallory@example.com");

        eventually(() -> world.luckey.tagMembers(HOT_DESK).equals(Set.of(ADA)));
        assertThat(world.audit("mallory@example.com")).anySatisfy(row -> assertThat(row)
                .containsEntry("action", "revoke").containsEntry("tag", HOT_DESK)
                .containsEntry("cause", "drift: in the tag without the bridge having granted it"));
        assertThat(world.luckey.tagMembers("Staff only")).as("tags the bridge does not manage are not touched").contains("mallory@example.com");
        assertThat(world.luckey.calls().stream().filter(c -> c.operation().equals("GET /tags/{tagId}/users")))
                .isNotEmpty();
    }

    @Test
    void enablingTheLinkAgainReconcilesEverythingWithAFullSync() throws Exception {
        world = startWithoutWebhooks(Map.of("bridge.link.enabled", "false"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), null));
        NotifyBuilder syncTicks = new NotifyBuilder(world.bridge().camel()).fromRoute("access-sync").whenCompleted(5).create();
        Awaitility.await("users wait to be reconciled").atMost(Duration.ofSeconds(20)).until(() ->
                !world.db.query("select 1 from sync_queue").isEmpty());
        assertThat(syncTicks.matches(20, TimeUnit.SECONDS)).as("the sync timer ran while the link was disabled").isTrue();
        assertThat(world.luckey.writes()).as("a disabled link changes nothing in Luckey").isZero();

        long lastRunWhileDisabled = (Long) world.db.query("select max(id) as id from poll_run").get(0).get("id");

        world.restartBridgeWith(Map.of("bridge.link.enabled", "true"));

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        assertThat(world.db.query("select full_sync from poll_run where id > " + lastRunWhileDisabled + " order by id").get(0))
                .as("the first poll after enabling the link is a full sync").containsEntry("full_sync", true);
    }

    @Test
    void someoneRemovedByHandFromAManagedTagIsGrantedAgain() throws Exception {
        world = startWithoutWebhooks(Map.of("bridge.drift.interval-ms", "1000"));
        adaWithHotDesk();

        world.luckey.removeFromTagByHand(HOT_DESK, ADA);

        eventually(() -> world.luckey.tagMembers(HOT_DESK).contains(ADA));
        assertThat(world.audit(ADA)).anySatisfy(row -> assertThat((String) row.get("result")).startsWith("drift: forgotten"));
        assertThat(world.audit(ADA)).filteredOn(row -> "grant".equals(row.get("action"))).hasSize(2);
    }

    @Test
    void withEnforcementOffDriftIsOnlyRecorded() throws Exception {
        world = startWithoutWebhooks(Map.of("bridge.drift.interval-ms", "1000", "bridge.drift.enforce", "false"));
        adaWithHotDesk();
        world.luckey.createUserByHand("mallory@example.com", "Mallory", "M");
        world.luckey.addToTagByHand(HOT_DESK, "mallory@example.com");

        eventually(() -> !world.audit("mallory@example.com").isEmpty());
        assertThat(world.audit("mallory@example.com").get(0)).containsEntry("result", "drift: left as is (bridge.drift.enforce is off)");
        NotifyBuilder moreChecks = new NotifyBuilder(world.bridge().camel()).fromCurrentRoute("drift-check-tag").whenDone(2).create();
        assertThat(moreChecks.matches(20, TimeUnit.SECONDS)).as("drift was checked again").isTrue();
        assertThat(world.luckey.tagMembers(HOT_DESK)).contains("mallory@example.com");
    }
}
