package com.coworking.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
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
    /** The settings' defaults: 15 minutes each side of a booking, guests invited a day ahead. */
    private static final AccessPolicy.BookingTimes DEFAULT_TIMES = new AccessPolicy.BookingTimes(Duration.ofMinutes(15),
            Duration.ofMinutes(15), Duration.ofHours(24));
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
        return POLICY.decide(new Facts.User("u-1", membership, List.of(own), List.of(), false), DEFAULT_TIMES);
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
            return policy.decide(new Facts.User("u-1", membership, List.of(), List.of(subscriptions), deleted), DEFAULT_TIMES);
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
                    List.of(company("active", days(-1), null)), false), DEFAULT_TIMES);
            assertThat(decision.tags()).containsOnlyKeys(TagRef.plan("desk"), TagRef.company("acme"));
        }
    }

    private static Instant minutes(int offset) {
        return NOW.plusSeconds(offset * 60L);
    }

    private static AccessDecision withDoors(Facts.Membership membership, List<Facts.Booking> bookings, List<Facts.Assignment> assignments,
                                            List<Facts.Visit> visits) {
        return POLICY.decide(new Facts.User("u-1", membership, List.of(), List.of(), false, bookings, assignments, visits), DEFAULT_TIMES);
    }

    private static AccessDecision booked(Facts.Booking... bookings) {
        return withDoors(APPROVED, List.of(bookings), List.of(), List.of());
    }

    @Nested
    class Booking {

        @Test
        void opensFifteenMinutesBeforeItsStart() {
            assertThat(booked(new Facts.Booking("b-1", "room", minutes(15), minutes(75))).tags()).containsOnlyKeys(TagRef.resource("room"));
            assertThat(booked(new Facts.Booking("b-1", "room", minutes(16), minutes(75))).tags()).isEmpty();
        }

        @Test
        void closesFifteenMinutesAfterItsEnd() {
            assertThat(booked(new Facts.Booking("b-1", "room", minutes(-120), minutes(-14))).tags()).containsOnlyKeys(TagRef.resource("room"));
            assertThat(booked(new Facts.Booking("b-1", "room", minutes(-120), minutes(-15))).tags()).isEmpty();
        }

        @Test
        void saysWhichBookingAndWhenTheDoorOpensAndCloses() {
            assertThat(booked(new Facts.Booking("b-1", "room", minutes(0), minutes(60))).tags().get(TagRef.resource("room")))
                    .isEqualTo("booking b-1: door open from " + minutes(-15) + " to " + minutes(75));
        }

        @Test
        void backToBackBookingsOfOneResourceAreOneWindow() {
            List<AccessPolicy.Window> windows = AccessPolicy.windows(DEFAULT_TIMES, List.of(new Facts.Booking("b-2", "room", minutes(60), minutes(120)),
                    new Facts.Booking("b-1", "room", minutes(0), minutes(60))));
            assertThat(windows).containsExactly(new AccessPolicy.Window("room", minutes(-15), minutes(135), List.of("b-1", "b-2")));
        }

        @Test
        void bookingsWithAGapWiderThanBothMarginsAreTwoWindows() {
            List<AccessPolicy.Window> windows = AccessPolicy.windows(DEFAULT_TIMES, List.of(new Facts.Booking("b-1", "room", minutes(0), minutes(60)),
                    new Facts.Booking("b-2", "room", minutes(91), minutes(120))));
            assertThat(windows).extracting(AccessPolicy.Window::bookingIds).containsExactly(List.of("b-1"), List.of("b-2"));
        }

        @Test
        void aBookingInsideAnotherKeepsTheLongerWindow() {
            List<AccessPolicy.Window> windows = AccessPolicy.windows(DEFAULT_TIMES, List.of(new Facts.Booking("long", "room", minutes(0), minutes(240)),
                    new Facts.Booking("short", "room", minutes(30), minutes(60))));
            assertThat(windows).containsExactly(new AccessPolicy.Window("room", minutes(-15), minutes(255), List.of("long", "short")));
        }

        @Test
        void differentResourcesHaveTheirOwnWindows() {
            assertThat(booked(new Facts.Booking("b-1", "room", minutes(0), minutes(60)), new Facts.Booking("b-2", "desk", minutes(-30), minutes(30)))
                    .tags()).containsOnlyKeys(TagRef.resource("room"), TagRef.resource("desk"));
        }

        @Test
        void aMultiDayBookingAcrossTheClockChangeIsOpenForItsWholeLength() {
            Instant start = java.time.ZonedDateTime.parse("2027-03-27T09:00:00+01:00[Europe/Rome]").toInstant();
            Instant end = java.time.ZonedDateTime.parse("2027-03-29T18:00:00+02:00[Europe/Rome]").toInstant();
            AccessPolicy duringTheChange = new AccessPolicy(Clock.fixed(Instant.parse("2027-03-28T01:30:00Z"), ZoneOffset.UTC), false);
            assertThat(duringTheChange.decide(new Facts.User("u-1", APPROVED, List.of(), List.of(), false,
                    List.of(new Facts.Booking("b-1", "room", start, end)), List.of(), List.of()), DEFAULT_TIMES).tags()).containsOnlyKeys(TagRef.resource("room"));
            assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(56));
        }

        @Test
        void aGuestIsSynchronisedOnlyFromADayBeforeTheirFirstDoorOpens() {
            Facts.Membership guest = new Facts.Membership("m-9", "approved", false, null, "gus@example.com", "nonmember");
            AccessDecision weeksAhead = withDoors(guest, List.of(new Facts.Booking("b-1", "room", days(20), days(20).plusSeconds(3600))),
                    List.of(), List.of());
            assertThat(weeksAhead.synchronise()).isFalse();
            assertThat(weeksAhead.why()).startsWith("a guest (nonmember) is invited 24 h before their first booking's door opens at");
            assertThat(withDoors(guest, List.of(new Facts.Booking("b-1", "room", minutes(23 * 60), minutes(25 * 60))), List.of(), List.of())
                    .synchronise()).isTrue();
            assertThat(withDoors(guest, List.of(), List.of(), List.of()).why()).endsWith("they have none");
        }

        @Test
        void withBookingsOffAGuestIsSynchronisedLikeAMember() {
            assertThat(POLICY.decide(new Facts.User("u-9", new Facts.Membership("m-9", "approved", false, null, "gus@example.com", "nonmember"),
                    List.of(), List.of(), false), new AccessPolicy.BookingTimes(Duration.ofMinutes(15), Duration.ofMinutes(15), null))
                    .synchronise()).isTrue();
        }

        @Test
        void theMarginsAreSettings() {
            AccessPolicy.BookingTimes tight = new AccessPolicy.BookingTimes(Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(24));
            Facts.User user = new Facts.User("u-1", APPROVED, List.of(), List.of(), false,
                    List.of(new Facts.Booking("b-1", "room", minutes(10), minutes(70))), List.of(), List.of());
            assertThat(POLICY.decide(user, tight).tags()).isEmpty();
        }

        @Test
        void aBookingAddsToPlansAndCompanyAndGivesNothingWithoutAMembership() {
            assertThat(withDoors(null, List.of(new Facts.Booking("b-1", "room", minutes(0), minutes(60))), List.of(), List.of()).synchronise())
                    .isFalse();
        }
    }

    @Nested
    class Assignment {

        @Test
        void givesTheResourcesTagWhileItsSubscriptionIsInForce() {
            Facts.Assignment office = new Facts.Assignment("office", "s-9", days(-1), days(1));
            assertThat(withDoors(APPROVED, List.of(), List.of(office), List.of()).tags().get(TagRef.resource("office")))
                    .startsWith("assigned by subscription s-9");
        }

        @Test
        void givesNothingBeforeItsStartNorFromItsEnd() {
            assertThat(withDoors(APPROVED, List.of(), List.of(new Facts.Assignment("office", "s-9", days(1), null)), List.of()).tags()).isEmpty();
            assertThat(withDoors(APPROVED, List.of(), List.of(new Facts.Assignment("office", "s-9", days(-3), NOW)), List.of()).tags()).isEmpty();
        }
    }

    @Nested
    class Visit {

        private final java.time.ZoneId rome = java.time.ZoneId.of("Europe/Rome");

        private Facts.Visit visitOn(String localDay, Instant checkOut) {
            java.time.LocalDate day = java.time.LocalDate.parse(localDay);
            return new Facts.Visit("v-1", "vera@example.com", day.atStartOfDay(rome).toInstant(), day.plusDays(1).atStartOfDay(rome).toInstant(),
                    checkOut);
        }

        private AccessDecision at(Instant t, Facts.Visit visit) {
            return new AccessPolicy(Clock.fixed(t, ZoneOffset.UTC), false).decide(new Facts.User("u-9", null, List.of(), List.of(), false,
                    List.of(), List.of(), List.of(visit)), DEFAULT_TIMES);
        }

        @Test
        void aVisitorWithoutMembershipIsSynchronisedWithTheVisitorsTagForTheLocalDay() {
            AccessDecision decision = at(Instant.parse("2026-06-15T08:00:00Z"), visitOn("2026-06-15", null));
            assertThat(decision.synchronise()).isTrue();
            assertThat(decision.tags()).containsOnlyKeys(TagRef.VISITORS);
        }

        @Test
        void theDayIsTheLocationsLocalDay() {
            assertThat(at(Instant.parse("2026-06-14T22:30:00Z"), visitOn("2026-06-15", null)).tags()).as("00:30 in Rome").containsOnlyKeys(TagRef.VISITORS);
            assertThat(at(Instant.parse("2026-06-15T22:30:00Z"), visitOn("2026-06-15", null)).tags()).as("00:30 the next day").isEmpty();
        }

        @Test
        void onTheDayTheClocksGoForwardTheDayHas23Hours() {
            Facts.Visit visit = visitOn("2027-03-28", null);
            assertThat(Duration.between(visit.dayStart(), visit.dayEnd())).isEqualTo(Duration.ofHours(23));
            assertThat(at(Instant.parse("2027-03-28T21:59:00Z"), visit).tags()).as("23:59 in Rome").containsOnlyKeys(TagRef.VISITORS);
            assertThat(at(Instant.parse("2027-03-28T22:00:00Z"), visit).tags()).as("midnight in Rome").isEmpty();
        }

        @Test
        void checkingOutEndsIt() {
            Instant now = Instant.parse("2026-06-15T12:00:00Z");
            assertThat(at(now, visitOn("2026-06-15", now.minusSeconds(60))).tags()).isEmpty();
            assertThat(at(now, visitOn("2026-06-15", now.minusSeconds(60))).synchronise()).isFalse();
        }

        @Test
        void aVisitorWithoutEmailIsNotSynchronised() {
            java.time.LocalDate day = java.time.LocalDate.parse("2026-06-15");
            Facts.Visit noEmail = new Facts.Visit("v-1", null, day.atStartOfDay(rome).toInstant(), day.plusDays(1).atStartOfDay(rome).toInstant(), null);
            AccessDecision decision = at(Instant.parse("2026-06-15T08:00:00Z"), noEmail);
            assertThat(decision.synchronise()).isFalse();
            assertThat(decision.why()).contains("the visitor has no e-mail");
        }
    }
}
