package com.coworking.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Case by case against shared/design/access-rules.md, at a fixed instant. */
class AccessPolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");
    private static final AccessPolicy POLICY = new AccessPolicy(Clock.fixed(NOW, ZoneOffset.UTC), false);
    private static final AccessPolicy ON_BELONGING = new AccessPolicy(Clock.fixed(NOW, ZoneOffset.UTC), true);
    private static final Facts.Membership APPROVED = new Facts.Membership("m-1", "approved", false, null, "ada@example.com");
    private static final Facts.Membership IN_ACME = new Facts.Membership("m-1", "approved", false, "acme", "ada@example.com");

    private static Instant days(int offset) {
        return NOW.plusSeconds(offset * 86_400L);
    }

    private static Facts.Subscription user(String status, Instant start, Instant end, Instant deleted, String... plans) {
        return new Facts.Subscription("s-1", "user", status, start, end, deleted,
                java.util.Arrays.stream(plans).map(p -> new Facts.Item(p, null, null)).toList());
    }

    private static Facts.Subscription company(String status, Instant start, Instant end) {
        return new Facts.Subscription("cs-1", "company", status, start, end, null, List.of(new Facts.Item("office", null, null)));
    }

    private static AccessDecision decide(Facts.Membership membership, Facts.Subscription... own) {
        return POLICY.decide(new Facts.User("u-1", membership, List.of(own), List.of(), false));
    }

    @Nested
    class Synchronisation {

        @Test
        void anApprovedMemberIsSynchronisedWithoutAnyTag() {
            AccessDecision decision = decide(APPROVED);
            assertThat(decision.synchronise()).isTrue();
            assertThat(decision.tags()).isEmpty();
        }

        @Test
        void aNonmemberIsSynchronisedToo() {
            assertThat(decide(new Facts.Membership("m-1", "approved", false, null, "n@example.com")).synchronise()).isTrue();
        }

        @Test
        void aRequestedMembershipIsNotSynchronised() {
            AccessDecision decision = decide(new Facts.Membership("m-1", "requested", false, null, "ada@example.com"),
                    user("active", days(-1), null, null, "desk"));
            assertThat(decision.synchronise()).isFalse();
            assertThat(decision.why()).contains("requested");
            assertThat(decision.tags()).isEmpty();
        }

        @Test
        void aDeletedMembershipIsNotSynchronisedAndGivesNothing() {
            AccessDecision decision = decide(new Facts.Membership("m-1", "approved", true, null, "ada@example.com"),
                    user("active", days(-1), null, null, "desk"));
            assertThat(decision.synchronise()).isFalse();
            assertThat(decision.tags()).isEmpty();
        }

        @Test
        void noMembershipAtTheLocationGivesNothing() {
            AccessDecision decision = decide(null, user("active", days(-1), null, null, "desk"));
            assertThat(decision.synchronise()).isFalse();
            assertThat(decision.why()).isEqualTo("no approved membership at the location");
        }

        @Test
        void aUserWithoutEmailCannotBeSynchronised() {
            AccessDecision decision = decide(new Facts.Membership("m-1", "approved", false, null, " "),
                    user("active", days(-1), null, null, "desk"));
            assertThat(decision.synchronise()).isFalse();
            assertThat(decision.why()).isEqualTo("user has no e-mail");
        }
    }

    @Nested
    class IndividualSubscription {

        @Test
        void inForceGivesTheTagOfEachPlan() {
            AccessDecision decision = decide(APPROVED, user("active", days(-1), days(30), null, "desk", "locker"));
            assertThat(decision.tags()).containsOnlyKeys(TagRef.plan("desk"), TagRef.plan("locker"));
            assertThat(decision.tags().get(TagRef.plan("desk"))).contains("subscription s-1").contains("active");
        }

        @Test
        void startingExactlyNowIsInForce() {
            assertThat(decide(APPROVED, user("active", NOW, null, null, "desk")).tags()).containsOnlyKeys(TagRef.plan("desk"));
        }

        @Test
        void aFutureStartGivesNothingYet() {
            assertThat(decide(APPROVED, user("scheduled", days(1), null, null, "desk")).tags()).isEmpty();
        }

        @Test
        void withoutEndDateItLasts() {
            assertThat(decide(APPROVED, user("active", days(-400), null, null, "desk")).tags()).hasSize(1);
        }

        @Test
        void endingExactlyNowIsOver() {
            assertThat(decide(APPROVED, user("active", days(-10), NOW, null, "desk")).tags()).isEmpty();
        }

        @Test
        void unpaidCountsWhileInItsDates() {
            assertThat(decide(APPROVED, user("incomplete", days(-1), days(10), null, "desk")).tags()).hasSize(1);
        }

        @Test
        void incompleteExpiredGivesNothing() {
            assertThat(decide(APPROVED, user("incompleteExpired", days(-1), days(10), null, "desk")).tags()).isEmpty();
        }

        @Test
        void canceledCountsUntilItsEndDate() {
            assertThat(decide(APPROVED, user("canceled", days(-10), days(2), null, "desk")).tags()).hasSize(1);
            assertThat(decide(APPROVED, user("canceled", days(-10), days(-1), null, "desk")).tags()).isEmpty();
        }

        @Test
        void deletedBeforeNowGivesNothing() {
            assertThat(decide(APPROVED, user("active", days(-10), null, days(-1), "desk")).tags()).isEmpty();
            assertThat(decide(APPROVED, user("active", days(-10), null, NOW, "desk")).tags()).isEmpty();
        }

        @Test
        void deletionScheduledAfterNowStillCounts() {
            assertThat(decide(APPROVED, user("active", days(-10), null, days(1), "desk")).tags()).hasSize(1);
        }

        @Test
        void anItemCountsOnlyWithinItsOwnDates() {
            Facts.Subscription subscription = new Facts.Subscription("s-1", "user", "active", days(-10), null, null, List.of(
                    new Facts.Item("desk", days(-5), days(5)),
                    new Facts.Item("locker", days(1), null),
                    new Facts.Item("parking", null, days(-1)),
                    new Facts.Item(null, null, null)));
            assertThat(decide(APPROVED, subscription).tags()).containsOnlyKeys(TagRef.plan("desk"));
        }

        @Test
        void aCompanySubscriptionAmongTheUsersOwnGivesNoPlanTag() {
            assertThat(decide(APPROVED, company("active", days(-1), null)).tags()).isEmpty();
        }
    }

    @Nested
    class Company {

        private AccessDecision decide(AccessPolicy policy, Facts.Membership membership, boolean deleted, Facts.Subscription... subscriptions) {
            return policy.decide(new Facts.User("u-1", membership, List.of(), List.of(subscriptions), deleted));
        }

        @Test
        void aMemberGetsTheCompanyTagWhileTheCompanyHasASubscriptionInForce() {
            AccessDecision decision = decide(POLICY, IN_ACME, false, company("active", days(-1), null));
            assertThat(decision.tags()).containsOnlyKeys(TagRef.company("acme"));
            assertThat(decision.tags().get(TagRef.company("acme"))).contains("company acme").contains("cs-1");
        }

        @Test
        void noCompanySubscriptionInForceNoCompanyTag() {
            assertThat(decide(POLICY, IN_ACME, false).tags()).isEmpty();
            assertThat(decide(POLICY, IN_ACME, false, company("active", days(-30), days(-1))).tags()).isEmpty();
            assertThat(decide(POLICY, IN_ACME, false, company("scheduled", days(3), null)).tags()).isEmpty();
        }

        @Test
        void theSettingGrantsTheCompanyTagOnBelongingAlone() {
            assertThat(decide(ON_BELONGING, IN_ACME, false).tags()).containsOnlyKeys(TagRef.company("acme"));
        }

        @Test
        void aDeletedCompanyGivesNoTagEvenOnBelonging() {
            assertThat(decide(ON_BELONGING, IN_ACME, true, company("active", days(-1), null)).tags()).isEmpty();
        }

        @Test
        void withoutACompanyOnTheMembershipThereIsNoCompanyTag() {
            assertThat(decide(ON_BELONGING, APPROVED, false, company("active", days(-1), null)).tags()).isEmpty();
        }

        @Test
        void planAndCompanyTagsAddUp() {
            AccessDecision decision = POLICY.decide(new Facts.User("u-1", IN_ACME, List.of(user("active", days(-1), null, null, "desk")),
                    List.of(company("active", days(-1), null)), false));
            assertThat(decision.tags()).containsOnlyKeys(TagRef.plan("desk"), TagRef.company("acme"));
        }
    }
}
