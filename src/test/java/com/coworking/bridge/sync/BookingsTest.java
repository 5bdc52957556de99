package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * Bookings, assigned resources and visits open their doors for their time, and only then: through the real routes, a
 * real PostgreSQL and both simulators, with the bridge's clock moved instead of waited for.
 */
class BookingsTest {

    private static final String ADA = "ada@example.com";
    private static final String BOB = "bob@example.com";
    private static final String ROOM = "Spacebring resource: Room Lovelace";
    /** The schedule ticks every 200 ms: a window edge passed is acted on within a tick. */
    private static final Map<String, String> TICKING = Map.of("bridge.schedule.tick-ms", "200");
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    private String member(String email, String name) {
        String membership = world.spacebring.inviteMember(world.location, email, name, "Tester");
        eventually(() -> world.luckey.user(email).isPresent());
        return membership;
    }

    /** The meeting room whose tag is {@link #ROOM}. */
    private String lovelace() {
        return world.spacebring.createResource(world.location, "Room Lovelace", "meetingRoom");
    }

    private Instant inHours(double hours) {
        return world.clock.instant().plus(Duration.ofMinutes(Math.round(hours * 60)));
    }

    /** Moves the bridge's clock and waits a few schedule ticks. */
    private void advance(Duration by) throws InterruptedException {
        world.clock.advance(by);
        Thread.sleep(800);
        world.settle();
    }

    @Test
    void aConfirmedBookingOpensFifteenMinutesBeforeItStartsAndClosesFifteenMinutesAfterItEnds() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        world.spacebring.book(room, ada, inHours(2), inHours(3));
        world.settle();
        assertThat(world.luckey.tagMembers(ROOM)).as("two hours before, the door is shut").isEmpty();

        advance(Duration.ofMinutes(100));
        assertThat(world.luckey.tagMembers(ROOM)).as("20 minutes before").isEmpty();
        advance(Duration.ofMinutes(6));
        assertThat(world.luckey.tagMembers(ROOM)).as("14 minutes before").containsExactly(ADA);

        advance(Duration.ofMinutes(60 + 14 + 10));
        assertThat(world.luckey.tagMembers(ROOM)).as("10 minutes after the end").containsExactly(ADA);
        advance(Duration.ofMinutes(6));
        assertThat(world.luckey.tagMembers(ROOM)).as("16 minutes after the end").isEmpty();
        assertThat(world.audit(ADA)).anySatisfy(row -> assertThat(row).containsEntry("action", "grant")
                .hasEntrySatisfying("cause", cause -> assertThat((String) cause).startsWith("booking ")));
    }

    @Test
    void aBookingCancelledInTheMiddleOfItsWindowClosesTheDoorAtOnce() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        String booking = world.spacebring.book(room, ada, inHours(0), inHours(2));
        eventually(() -> world.luckey.tagMembers(ROOM).contains(ADA));

        world.spacebring.cancelBooking(booking);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> world.luckey.tagMembers(ROOM).isEmpty());
    }

    @Test
    void aBookingMovedBeforeItOpensOpensAtItsNewTime() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        String booking = world.spacebring.book(room, ada, inHours(1), inHours(2));
        world.settle();

        world.spacebring.moveBooking(booking, inHours(5), inHours(6));
        world.settle();
        advance(Duration.ofMinutes(60));
        assertThat(world.luckey.tagMembers(ROOM)).as("at the old start").isEmpty();
        advance(Duration.ofMinutes(4 * 60 - 10));
        assertThat(world.luckey.tagMembers(ROOM)).as("10 minutes before the new start").containsExactly(ADA);
    }

    @Test
    void aTentativeBookingOpensNothingUntilItIsConfirmed() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        String booking = world.spacebring.bookTentatively(room, ada, inHours(0), inHours(2));
        world.settle();
        assertThat(world.luckey.tagMembers(ROOM)).isEmpty();
        assertThat(world.db.query("select confirmed from sb_booking")).containsExactly(Map.of("confirmed", false));

        world.spacebring.confirmBooking(booking);

        eventually(() -> world.luckey.tagMembers(ROOM).contains(ADA));
    }

    @Test
    void backToBackBookingsAreOneWindowWithNoRevokeBetween() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        world.spacebring.book(room, ada, inHours(1), inHours(2));
        world.spacebring.book(room, ada, inHours(2), inHours(3));
        world.settle();

        advance(Duration.ofMinutes(50));
        assertThat(world.luckey.tagMembers(ROOM)).containsExactly(ADA);
        advance(Duration.ofMinutes(80));
        assertThat(world.luckey.tagMembers(ROOM)).as("after the first booking's close-after").containsExactly(ADA);
        advance(Duration.ofMinutes(70));
        assertThat(world.luckey.tagMembers(ROOM)).as("after the second booking's close-after").isEmpty();
        assertThat(world.luckey.membershipChanges(ADA, ROOM)).as("one grant, one revoke").isEqualTo(2);
    }

    @Test
    void theOwnerAndEachAttendeeGetTheDoor() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String bob = member(BOB, "Bob");
        String room = lovelace();

        world.spacebring.book(room, ada, inHours(0), inHours(1), bob);

        eventually(() -> world.luckey.tagMembers(ROOM).equals(Set.of(ADA, BOB)));
    }

    @Test
    void aResourceMappedToAnEmptyNameHasNoLockAndCostsNoLuckeyCall() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        world.restartBridgeWith(Map.of("bridge.tags.resource." + room, ""));
        long writesBefore = world.luckey.writes();

        world.spacebring.book(room, ada, inHours(0), inHours(1));
        world.settle();

        assertThat(world.db.query("select id from sb_booking")).hasSize(1);
        assertThat(world.luckey.tagNames()).doesNotContain(ROOM);
        assertThat(world.luckey.writes()).isEqualTo(writesBefore);
    }

    @Test
    void aResourceMappedToAPlansTagKeepsTheTagWhileThePlanGivesIt() throws Exception {
        world = SandboxWorld.start(TICKING);
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = member(ADA, "Ada");
        String room = lovelace();
        world.restartBridgeWith(Map.of("bridge.tags.resource." + room, PLAN_TAG_PREFIX + "Hot desk"));
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, inHours(-24), inHours(5)));
        world.spacebring.book(room, ada, inHours(0), inHours(1));
        eventually(() -> world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk").contains(ADA));

        advance(Duration.ofMinutes(90));
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk")).as("the booking ended, the plan goes on").containsExactly(ADA);
        assertThat(world.luckey.membershipChanges(ADA, PLAN_TAG_PREFIX + "Hot desk")).isEqualTo(1);

        advance(Duration.ofMinutes(4 * 60));
        assertThat(world.luckey.tagMembers(PLAN_TAG_PREFIX + "Hot desk")).as("the plan ended too").isEmpty();
    }

    @Test
    void anotherLocationsBookingOpensNothing() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String elsewhere = world.spacebring.createResource(world.otherLocation, "Room Hamburg", "meetingRoom");

        world.spacebring.book(elsewhere, ada, inHours(0), inHours(1));
        world.settle();

        assertThat(world.luckey.tagNames()).doesNotContain("Spacebring resource: Room Hamburg");
        assertThat(world.db.query("select status, reason from inbox where event_type = 'booking.created'"))
                .containsExactly(Map.of("status", "ignored", "reason", "other location"));
    }

    @Test
    void aBookingSeenOnlyByThePollOpensAndOneCancelledQuietlyCloses() throws Exception {
        Map<String, String> settings = new HashMap<>(TICKING);
        settings.putAll(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "500"));
        world = SandboxWorld.withoutWebhooks(settings);
        String ada = world.spacebring.inviteMember(world.location, ADA, "Ada", "Tester");
        String room = lovelace();
        String booking = world.spacebring.book(room, ada, inHours(0), inHours(2));

        eventually(() -> world.luckey.tagMembers(ROOM).contains(ADA));
        world.spacebring.cancelBookingQuietly(booking);

        eventually(() -> world.luckey.tagMembers(ROOM).isEmpty());
    }

    @Test
    void oneOccurrenceOfARepeatingBookingCancelledAloneClosesOnlyItsDay() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        List<String> days = world.spacebring.bookRepeating(room, ada, inHours(0), inHours(1), 3);
        eventually(() -> world.luckey.tagMembers(ROOM).contains(ADA));
        assertThat(days.get(0)).matches("[0-9a-f-]{36}_\\d{4}-\\d{2}-\\d{2}");

        world.spacebring.cancelBooking(days.get(1));
        world.settle();
        assertThat(world.luckey.tagMembers(ROOM)).as("today's occurrence stands").containsExactly(ADA);
        advance(Duration.ofHours(24));
        assertThat(world.luckey.tagMembers(ROOM)).as("tomorrow's was cancelled").isEmpty();
        advance(Duration.ofHours(24));
        assertThat(world.luckey.tagMembers(ROOM)).as("the day after").containsExactly(ADA);
    }

    @Test
    void aResourceAssignedToACompanyOpensForItsMembersWhileTheSubscriptionIsInForce() throws Exception {
        world = SandboxWorld.start(TICKING);
        String acme = world.spacebring.createCompany(world.location, "Acme");
        String ada = world.spacebring.inviteMemberOfCompany(world.location, acme, ADA, "Ada", "Tester");
        eventually(() -> world.luckey.user(ADA).isPresent());
        String office = world.spacebring.createResource(world.location, "Office 3", "office");

        world.spacebring.assignResource(office, acme, java.util.UUID.randomUUID().toString(), inHours(-1), inHours(2));

        eventually(() -> world.luckey.tagMembers("Spacebring resource: Office 3").contains(ADA));
        advance(Duration.ofHours(3));
        assertThat(world.luckey.tagMembers("Spacebring resource: Office 3")).isEmpty();
    }

    @Test
    void aRestartInTheMiddleOfAWindowOpensNothingTwiceAndLeavesNothingOpen() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        world.spacebring.book(room, ada, inHours(0), inHours(1));
        eventually(() -> world.luckey.tagMembers(ROOM).contains(ADA));

        world.stopBridge();
        world.clock.advance(Duration.ofMinutes(30));
        world.startBridge();
        world.settle();
        assertThat(world.luckey.membershipChanges(ADA, ROOM)).isEqualTo(1);

        world.stopBridge();
        world.clock.advance(Duration.ofMinutes(60));
        world.startBridge();
        Thread.sleep(800);
        world.settle();
        assertThat(world.luckey.tagMembers(ROOM)).as("the window closed while the bridge was stopped").isEmpty();
    }

    @Test
    void aMultiDayBookingAcrossTheClockChangeIsOpenForItsWholeLengthWithoutARevokeBetween() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        // The location's clocks (Europe/Berlin, as Rome's) go forward on 28 March 2027 at 01:00 UTC
        world.spacebring.book(room, ada, Instant.parse("2027-03-27T08:00:00Z"), Instant.parse("2027-03-29T16:00:00Z"));
        world.settle();
        advance(Duration.between(world.clock.instant(), Instant.parse("2027-03-27T07:30:00Z")));
        assertThat(world.luckey.tagMembers(ROOM)).as("30 minutes before").isEmpty();

        advance(Duration.ofMinutes(20));
        assertThat(world.luckey.tagMembers(ROOM)).as("10 minutes before").containsExactly(ADA);
        advance(Duration.between(world.clock.instant(), Instant.parse("2027-03-28T01:30:00Z")));
        assertThat(world.luckey.tagMembers(ROOM)).as("just after the clocks went forward").containsExactly(ADA);
        advance(Duration.between(world.clock.instant(), Instant.parse("2027-03-29T16:10:00Z")));
        assertThat(world.luckey.tagMembers(ROOM)).as("10 minutes after the end").containsExactly(ADA);
        advance(Duration.ofMinutes(6));
        assertThat(world.luckey.tagMembers(ROOM)).as("16 minutes after the end").isEmpty();
        assertThat(world.luckey.membershipChanges(ADA, ROOM)).as("one grant and one revoke").isEqualTo(2);
    }

    @Test
    void anExpectedVisitorGetsTheVisitorsTagForTheLocalDayEvenWhenTheClocksChangeAndLosesItAtCheckOut() throws Exception {
        Map<String, String> settings = new HashMap<>(TICKING);
        settings.putAll(Map.of("bridge.visitors.enabled", "true", "bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "500"));
        world = SandboxWorld.start(settings);
        // 28 March 2027: Berlin's clocks go forward, the local day has 23 hours
        world.clock.advance(Duration.between(world.clock.instant(), Instant.parse("2027-03-28T10:00:00Z")));
        String ada = member(ADA, "Ada");

        String visit = world.spacebring.expectVisitor(world.location, ada, "vera@example.com", "Vera", "Visitor",
                Instant.parse("2027-03-28T08:00:00Z"));

        eventually(() -> world.luckey.tagMembers("Spacebring visitors").contains("vera@example.com"));
        assertThat(world.db.query("select day_start, day_end from sb_visit").get(0)).satisfies(day -> assertThat(
                Duration.between(((java.sql.Timestamp) day.get("day_start")).toInstant(), ((java.sql.Timestamp) day.get("day_end")).toInstant()))
                .isEqualTo(Duration.ofHours(23)));
        assertThat(world.luckey.user("vera@example.com")).hasValueSatisfying(user -> assertThat(user).containsEntry("name", "Vera"));

        world.spacebring.checkOutVisitor(visit);

        eventually(() -> world.luckey.tagMembers("Spacebring visitors").isEmpty());
    }

    @Test
    void withVisitorsOffAVisitOpensNothing() throws Exception {
        world = SandboxWorld.start(TICKING);
        String ada = member(ADA, "Ada");
        String visit = world.spacebring.expectVisitor(world.location, ada, "vera@example.com", "Vera", "Visitor", inHours(1));

        world.spacebring.checkInVisitor(visit);
        world.settle();

        assertThat(world.luckey.user("vera@example.com")).isEmpty();
        assertThat(world.db.query("select status, reason from inbox where event_type = 'visit.changed'"))
                .containsExactly(Map.of("status", "ignored", "reason", "visitors are off (VISITORS_ENABLED)"));
    }

    @Test
    void aGuestIsInvitedADayBeforeTheirBookingOpensAndGetsTheDoorLikeAMember() throws Exception {
        world = SandboxWorld.start(TICKING);
        String guest = world.spacebring.inviteGuest(world.location, "gus@example.com", "Gus", "Guest");
        String room = lovelace();
        world.spacebring.book(room, guest, inHours(72), inHours(73));
        world.settle();
        assertThat(world.luckey.user("gus@example.com")).as("three days ahead: not invited yet").isEmpty();

        advance(Duration.ofHours(47));
        assertThat(world.luckey.user("gus@example.com")).as("just over a day ahead").isEmpty();
        advance(Duration.ofMinutes(60));
        assertThat(world.luckey.user("gus@example.com")).as("a day ahead: invited").isPresent();
        assertThat(world.luckey.tagMembers(ROOM)).isEmpty();

        advance(Duration.ofHours(23).plusMinutes(50));
        assertThat(world.luckey.tagMembers(ROOM)).containsExactly("gus@example.com");
    }

    @Test
    void withBookingsOffABookingOpensNothingAndIsMarkedIgnored() throws Exception {
        Map<String, String> settings = new HashMap<>(TICKING);
        settings.put("bridge.bookings.enabled", "false");
        world = SandboxWorld.start(settings);
        String ada = member(ADA, "Ada");
        String room = lovelace();

        world.spacebring.book(room, ada, inHours(0), inHours(1));
        world.settle();

        assertThat(world.luckey.tagNames()).doesNotContain(ROOM);
        assertThat(world.db.query("select status, reason from inbox where event_type = 'booking.created'"))
                .containsExactly(Map.of("status", "ignored", "reason", "bookings are off (BOOKINGS_ENABLED)"));
    }

    @Test
    void explainShowsThePersonsDoorWindowsAndWhy() throws Exception {
        Map<String, String> settings = new HashMap<>(TICKING);
        settings.put("bridge.admin.token", "explain-token-0123456789");
        world = SandboxWorld.start(settings);
        String ada = member(ADA, "Ada");
        String room = lovelace();
        String now = world.spacebring.book(room, ada, inHours(0), inHours(1));
        String later = world.spacebring.book(room, ada, inHours(5), inHours(6));
        eventually(() -> world.luckey.tagMembers(ROOM).contains(ADA));

        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(world.bridge().managementUrl("/admin/users/" + ADA + "/explain")))
                .header("Authorization", "Bearer explain-token-0123456789").build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode explained = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        assertThat(explained.path("doorWindows")).hasSize(2);
        assertThat(explained.path("doorWindows").get(0).path("tag").asText()).isEqualTo(ROOM);
        assertThat(explained.path("doorWindows").get(0).path("state").asText()).isEqualTo("open now");
        assertThat(explained.path("doorWindows").get(0).path("bookings").get(0).asText()).isEqualTo(now);
        assertThat(explained.path("doorWindows").get(1).path("state").asText()).isEqualTo("upcoming");
        assertThat(explained.path("doorWindows").get(1).path("bookings").get(0).asText()).isEqualTo(later);
        assertThat(explained.path("desiredTags").get(0).path("why").asText()).startsWith("booking " + now + ": door open from ");
    }
}
