package com.coworking.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The planner's diff, case by case: what Luckey holds against what the rules want. Pure, no I/O. */
class AccessDiffTest {

    private static final Person ADA = Person.of("u-1", "m-1", "ada@example.com", "Ada", "Lovelace");
    private static final TagRef DESK = TagRef.plan("desk");
    private static final TagRef ACME = TagRef.company("acme");

    private static AccessDecision wants(TagRef... tags) {
        Map<TagRef, String> map = new LinkedHashMap<>();
        for (TagRef tag : tags) {
            map.put(tag, "because " + tag.id());
        }
        return new AccessDecision(true, null, map);
    }

    private static List<LuckeyAction> diff(Person person, AccessDecision decision, Confirmed confirmed) {
        return AccessDiff.actions(person, decision, confirmed, tag -> "Tag " + tag.id());
    }

    @Test
    void aNewUserIsInvitedFirstThenGranted() {
        List<LuckeyAction> actions = diff(ADA, wants(DESK), null);

        assertThat(actions).extracting(LuckeyAction::type).containsExactly("invite", "grant");
        assertThat(actions.get(0).idempotencyKey()).isEqualTo("invite:u-1:-:v0");
        assertThat(actions.get(1)).extracting(LuckeyAction::tagKey, LuckeyAction::tagName, LuckeyAction::idempotencyKey)
                .containsExactly("plan:desk", "Tag desk", "grant:u-1:plan:desk:v0");
    }

    @Test
    void whatLuckeyHoldsAndTheRulesWantGivesNothing() {
        assertThat(diff(ADA, wants(DESK), new Confirmed("l-1", "Ada", "Lovelace", 4, Set.of("plan:desk")))).isEmpty();
    }

    @Test
    void aTagNoLongerWantedIsRevokedWithTheStateItWasDecidedFrom() {
        List<LuckeyAction> actions = diff(ADA, wants(ACME), new Confirmed("l-1", "Ada", "Lovelace", 7, Set.of("plan:desk")));

        assertThat(actions).extracting(LuckeyAction::type, LuckeyAction::tagKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple("grant", "company:acme"), org.assertj.core.groups.Tuple.tuple("revoke", "plan:desk"));
        assertThat(actions.get(1).idempotencyKey()).isEqualTo("revoke:u-1:plan:desk:v7");
        assertThat(actions.get(1).cause()).isEqualTo("no subscription, company, booking, assignment or visit grants it any more");
    }

    @Test
    void aUserNoLongerSynchronisedLosesEveryTagButIsNotDeleted() {
        List<LuckeyAction> actions = diff(ADA, new AccessDecision(false, "no approved membership at the location", Map.of()),
                new Confirmed("l-1", "Ada", "Lovelace", 2, Set.of("plan:desk", "company:acme")));

        assertThat(actions).extracting(LuckeyAction::type).containsOnly("revoke").hasSize(2);
        assertThat(actions).extracting(LuckeyAction::cause).containsOnly("no approved membership at the location");
    }

    @Test
    void aUserWhoIsNotSynchronisedAndNotInLuckeyGetsNothing() {
        assertThat(diff(ADA, new AccessDecision(false, "membership is only requested", Map.of()), null)).isEmpty();
    }

    @Test
    void aChangedNameIsARename() {
        List<LuckeyAction> actions = diff(Person.of("u-1", "m-1", "ada@example.com", "Augusta Ada", "King"), wants(),
                new Confirmed("l-1", "Ada", "Lovelace", 3, Set.of()));

        assertThat(actions).singleElement().satisfies(a -> assertThat(a).extracting(LuckeyAction::type, LuckeyAction::name,
                LuckeyAction::surname).containsExactly("rename", "Augusta Ada", "King"));
    }

    @Test
    void withoutANameLuckeyGetsTheEmailsLocalPartAndAnEmptySurname() {
        Person nameless = Person.of("u-2", "m-2", "grace.hopper@example.com", null, null);

        assertThat(nameless.name()).isEqualTo("grace.hopper");
        assertThat(nameless.surname()).isEmpty();
        assertThat(diff(nameless, wants(), null)).singleElement().satisfies(invite ->
                assertThat(invite).extracting(LuckeyAction::name, LuckeyAction::surname).containsExactly("grace.hopper", ""));
    }

    @Test
    void aNameGivenLaterInSpacebringBecomesARename() {
        Confirmed createdWithoutName = new Confirmed("l-2", "grace.hopper", "", 1, Set.of());

        assertThat(diff(Person.of("u-2", "m-2", "grace.hopper@example.com", null, null), wants(), createdWithoutName)).isEmpty();
        assertThat(diff(Person.of("u-2", "m-2", "grace.hopper@example.com", "Grace", null), wants(), createdWithoutName))
                .extracting(LuckeyAction::type, LuckeyAction::name).containsExactly(org.assertj.core.groups.Tuple.tuple("rename", "Grace"));
    }

    /** A resource mapped to the plan's tag, and a resource with no lock (no name). */
    private static String named(TagRef tag) {
        return switch (tag.key()) {
            case "resource:room" -> "Tag desk";
            case "resource:nolock" -> null;
            default -> "Tag " + tag.id();
        };
    }

    @Test
    void twoSourcesOfOneLuckeyTagGrantItOnce() {
        List<LuckeyAction> actions = AccessDiff.actions(ADA, wants(DESK, TagRef.resource("room")), null, AccessDiffTest::named);

        assertThat(actions).extracting(LuckeyAction::type, LuckeyAction::tagName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("invite", null), org.assertj.core.groups.Tuple.tuple("grant", "Tag desk"));
    }

    @Test
    void aTagHeldForOneSourceStaysWhileAnotherSourceOfTheSameNameGivesIt() {
        Confirmed heldForThePlan = new Confirmed("l-1", "Ada", "Lovelace", 3, Set.of("plan:desk"));

        assertThat(AccessDiff.actions(ADA, wants(TagRef.resource("room")), heldForThePlan, AccessDiffTest::named)).isEmpty();
        assertThat(AccessDiff.actions(ADA, wants(), heldForThePlan, AccessDiffTest::named)).extracting(LuckeyAction::type)
                .containsExactly("revoke");
    }

    @Test
    void aResourceWithoutALockIsNeverGranted() {
        assertThat(AccessDiff.actions(ADA, wants(TagRef.resource("nolock")), new Confirmed("l-1", "Ada", "Lovelace", 1, Set.of()),
                AccessDiffTest::named)).isEmpty();
    }
}
