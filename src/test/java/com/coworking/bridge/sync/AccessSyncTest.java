package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.COMPANY_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * Spacebring changes become Luckey invites, grants and revokes: both simulators over HTTP, a real PostgreSQL.
 * Luckey answers as its profile shows; the other ways it may phrase a success are read by the adapter's every
 * operation in LuckeyAnswerStylesTest.
 */
class AccessSyncTest {

    private static final String ADA = "ada@example.com";
    private SandboxWorld world;

    @BeforeEach
    void start() throws Exception {
        world = SandboxWorld.start();
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    private record Subscribed(String membership, String subscription) {
    }

    /** Ada invited and subscribed to "Hot desk" since {@code start}, once she is in the tag. */
    private Subscribed adaWithHotDesk(Instant start) {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        String subscription = world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, start, null));
        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));
        return new Subscribed(ada, subscription);
    }

    private static Instant daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days));
    }

    private static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days));
    }

    @Test
    void anInvitedMemberGetsALuckeyUserWithActivationEmailButNoTag() {
        world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");

        eventually(() -> world.luckey.user(ADA).isPresent());
        world.settle();
        Map<String, Object> user = world.luckey.user(ADA).orElseThrow();
        assertThat(user).containsEntry("name", "Ada").containsEntry("surname", "Lovelace");
        assertThat(user.get("externalRef")).isNotNull();
        assertThat((List<?>) user.get("tags")).isEmpty();
        assertThat(world.luckey.activationEmails()).containsExactly(ADA);
        assertThat(world.audit(ADA)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("action", "invite").containsEntry("result", "created (activation e-mail sent)");
            assertThat((String) row.get("cause")).startsWith("membership ");
        });
    }

    @Test
    void anIndividualSubscriptionInForceGivesThePlanTag() {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        String subscription = world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), inDays(30)));

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));
        world.settle();
        assertThat(world.audit(ADA)).extracting(r -> r.get("action")).containsExactly("invite", "grant");
        Map<String, Object> grant = world.audit(ADA).get(1);
        assertThat(grant).containsEntry("tag", PLAN_TAG_PREFIX + "Hot desk").containsEntry("result", "added to the tag");
        assertThat((String) grant.get("cause")).contains("subscription " + subscription);
    }

    @Test
    void aCompanyMemberGetsTheCompanyTagWhileTheCompanyHasASubscriptionInForce() {
        String plan = world.spacebring.createPlan(world.location, "Private office");
        String company = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.inviteMemberOfCompany(world.location, company, ADA, "Ada", "Lovelace");
        world.settle();
        assertThat(world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme")).isEmpty();

        world.spacebring.createSubscription(NewSubscription.forCompany(world.location, company, plan, daysAgo(1), null));

        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").contains(ADA));
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Private office")).as("a company plan gives the company tag only").isEmpty();
    }

    @Test
    void theCompanyTitleIsFetchedWhenItsWebhookNeverCame() {
        String plan = world.spacebring.createPlan(world.location, "Private office");
        world.spacebring.setAutoDeliver(false);
        String company = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.setAutoDeliver(true);
        world.spacebring.inviteMemberOfCompany(world.location, company, ADA, "Ada", "Lovelace");

        world.spacebring.createSubscription(NewSubscription.forCompany(world.location, company, plan, daysAgo(1), null));

        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").contains(ADA));
        assertThat(world.luckey.tagNames()).containsExactly(COMPANY_TAG_PREFIX + "Acme");
    }

    @Test
    void anUnpaidSubscriptionWithinItsDatesStillGivesAccess() {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), inDays(30))
                .withStatus("incomplete"));

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));
    }

    @Test
    void aSubscriptionStartingInTheFutureGivesNoAccessYet() {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, inDays(3), inDays(30)));

        world.settle();
        assertThat(world.luckey.user(ADA)).as("synchronised all the same").isPresent();
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk")).isEmpty();
    }

    @Test
    void anExpiredIncompleteSubscriptionGivesNoAccess() {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), inDays(30))
                .withStatus("incompleteExpired"));

        world.settle();
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk")).isEmpty();
    }

    @Test
    void cancellingWithAnEndDateThatHasPassedRevokes() {
        Subscribed ada = adaWithHotDesk(daysAgo(10));

        world.spacebring.cancelSubscription(ada.subscription(), Instant.now().minusSeconds(1));

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").isEmpty());
        assertThat(world.audit(ADA)).last().satisfies(row -> assertThat(row)
                .containsEntry("action", "revoke").containsEntry("result", "removed from the tag")
                .containsEntry("cause", "no subscription, company, booking, assignment or visit grants it any more"));
        assertThat(world.luckey.user(ADA)).as("users are never deleted").isPresent();
    }

    @Test
    void cancellingWithAFutureEndDateKeepsAccessUntilThen() {
        Subscribed ada = adaWithHotDesk(daysAgo(10));

        world.spacebring.cancelSubscription(ada.subscription(), inDays(5));

        world.settle();
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk")).containsExactly(ADA);
    }

    @Test
    void deletingTheSubscriptionRevokes() {
        Subscribed ada = adaWithHotDesk(daysAgo(10));

        world.spacebring.deleteSubscription(ada.subscription());

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").isEmpty());
    }

    /** Spacebring sends no webhook for these: the poll sees them (each webhook costs one request, see the README). */
    private void pollEverySecond() throws Exception {
        world.restartBridgeWith(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "1000"));
    }

    @Test
    void leavingTheCompanyRevokesTheCompanyTagAtTheNextPoll() throws Exception {
        String plan = world.spacebring.createPlan(world.location, "Private office");
        String company = world.spacebring.createCompany(world.location, "Acme");
        String ada = world.spacebring.inviteMemberOfCompany(world.location, company, ADA, "Ada", "Lovelace");
        world.spacebring.inviteMemberOfCompany(world.location, company, "bob@example.com", "Bob", "Babbage");
        String subscription = world.spacebring.createSubscription(NewSubscription.forCompany(world.location, company, plan, daysAgo(1), null));
        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").size() == 2);

        world.spacebring.removeMemberFromCompany(ada);
        world.spacebring.setSubscriptionStatus(subscription, "active");
        pollEverySecond();

        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").equals(java.util.Set.of("bob@example.com")));
    }

    @Test
    void deletingTheCompanyRevokesTheCompanyTag() {
        String plan = world.spacebring.createPlan(world.location, "Private office");
        String company = world.spacebring.createCompany(world.location, "Acme");
        world.spacebring.inviteMemberOfCompany(world.location, company, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forCompany(world.location, company, plan, daysAgo(1), null));
        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").contains(ADA));

        world.spacebring.deleteCompany(company);

        eventually(() -> world.luckey.tagMembers(COMPANY_TAG_PREFIX + "Acme").isEmpty());
    }

    @Test
    void aDeletedMembershipRevokesEverythingAtTheNextPoll() throws Exception {
        Subscribed ada = adaWithHotDesk(daysAgo(10));

        world.spacebring.deleteMembership(ada.membership());
        world.spacebring.setSubscriptionStatus(ada.subscription(), "active");
        pollEverySecond();

        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").isEmpty());
        assertThat(world.audit(ADA)).last().satisfies(row -> assertThat(row)
                .containsEntry("action", "revoke").containsEntry("cause", "no approved membership at the location"));
    }

    @Test
    void aRequestedMembershipIsNotSynchronised() {
        world.spacebring.requestMembership(world.location, ADA, "Ada", "Lovelace");

        world.settle();
        assertThat(world.luckey.user(ADA)).isEmpty();
        assertThat(world.db.query("select status from inbox where event_type = 'membership.created'"))
                .containsExactly(Map.of("status", "done"));
    }

    @Test
    void changesAtAnotherLocationAreIgnored() {
        String plan = world.spacebring.createPlan(world.otherLocation, "Hot desk");
        String ada = world.spacebring.inviteMember(world.otherLocation, ADA, "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.otherLocation, ada, plan, daysAgo(1), null));

        world.settle();
        assertThat(world.luckey.userCount()).isZero();
        assertThat(world.luckey.writes()).isZero();
        assertThat(world.db.query("select status, reason from inbox where location_ref = '" + world.otherLocation
                + "' and event_type <> 'location.created'"))
                .hasSize(2).allSatisfy(row -> assertThat(row).containsEntry("status", "ignored").containsEntry("reason", "other location"));
    }

    @Test
    void theSameWebhookFiveTimesHasOneEffectInLuckey() {
        Subscribed ada = adaWithHotDesk(daysAgo(1));

        for (var delivery : world.spacebring.deliveries().stream().filter(d -> d.status() == 200).toList()) {
            world.spacebring.deliver(delivery.svixId(), delivery.body());
            world.spacebring.deliver(delivery.svixId(), delivery.body());
            world.spacebring.deliver("msg_again_1_" + delivery.svixId(), delivery.body());
            world.spacebring.deliver("msg_again_2_" + delivery.svixId(), delivery.body());
        }

        world.settle();
        assertThat(world.luckey.calls("POST /users")).hasSize(1);
        assertThat(world.luckey.activationEmails()).containsExactly(ADA);
        assertThat(world.luckey.calls("PUT /tags/{tagId}/users/{userId}")).hasSize(1);
        assertThat(world.luckey.membershipChanges(ADA, PLAN_TAG_PREFIX + "Hot desk")).isEqualTo(1);
        assertThat(world.luckey.calls("POST /tags")).hasSize(1);
    }

    @Test
    void aDeleteDeliveredBeforeTheCreateEndsWithoutAccess() {
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Lovelace");
        eventually(() -> world.luckey.user(ADA).isPresent());
        world.spacebring.setAutoDeliver(false);
        String subscription = world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, daysAgo(1), null));
        world.spacebring.deleteSubscription(subscription);
        List<String> held = world.spacebring.pendingWebhooks();
        assertThat(held).hasSize(2);

        world.spacebring.deliver(held.get(1));
        world.spacebring.deliver(held.get(0));

        world.settle();
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk")).isEmpty();
        assertThat(world.luckey.calls("PUT /tags/{tagId}/users/{userId}")).isEmpty();
    }

    @Test
    void aNameChangedInSpacebringIsPatchedInLuckeyAtTheNextPoll() throws Exception {
        Subscribed ada = adaWithHotDesk(daysAgo(1));

        world.spacebring.renameUser(ada.membership(), "Augusta Ada", "King");
        pollEverySecond();

        eventually(() -> "King".equals(world.luckey.user(ADA).orElseThrow().get("surname")));
        assertThat(world.luckey.user(ADA).orElseThrow()).containsEntry("name", "Augusta Ada");
        assertThat(world.luckey.userCount()).isEqualTo(1);
    }

    @Test
    void everyActionPassesThroughTheIdempotentRepository() {
        Subscribed ada = adaWithHotDesk(daysAgo(1));
        world.settle();

        List<Object> keys = world.db.query("select messageid from camel_messageprocessed where processorname = 'luckey-actions'")
                .stream().map(r -> r.get("messageid")).toList();
        assertThat(keys).containsExactlyInAnyOrderElementsOf(world.audit(ADA).stream().map(r -> r.get("idempotency_key")).toList());
        assertThat(keys).hasSize(2).allSatisfy(k -> assertThat((String) k).matches("default/(invite|grant):[^:]+:.+:v\\d+"));
    }
}
