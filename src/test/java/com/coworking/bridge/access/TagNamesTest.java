package com.coworking.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Tag names are fitted to Luckey's 100 characters, stably and distinctly; shorter ones are left as they are. */
class TagNamesTest {

    private static final String LONG_TITLE = "Flexible hot desk membership with meeting room credits, locker, mail handling and 24/7 access for teams";
    private final TagNames names = TagNames.of("Spacebring plan: {title}", "Spacebring company: {title}", "Spacebring resource: {title}", "Spacebring visitors", Map.of(), Map.of(), Map.of());

    @Test
    void aNameWithinTheLimitIsLeftAsItIs() {
        assertThat(names.nameOf(new TagRef(TagRef.Kind.PLAN, "p1"), "Hot desk")).isEqualTo("Spacebring plan: Hot desk");
        String hundred = "x".repeat(TagNames.MAX_LENGTH);
        assertThat(TagNames.fitted(hundred)).isEqualTo(hundred);
    }

    @Test
    void aLongTitleGivesANameOfAtMostTheLimitTheSameEveryTime() {
        String name = names.nameOf(new TagRef(TagRef.Kind.PLAN, "p1"), LONG_TITLE);
        assertThat(("Spacebring plan: " + LONG_TITLE).length()).as("the case of the issue").isGreaterThan(TagNames.MAX_LENGTH);
        assertThat(name.codePointCount(0, name.length())).isLessThanOrEqualTo(TagNames.MAX_LENGTH);
        assertThat(name).startsWith("Spacebring plan: Flexible hot desk").matches(".* #[0-9a-f]{8}");
        assertThat(names.nameOf(new TagRef(TagRef.Kind.PLAN, "p1"), LONG_TITLE)).as("stable across syncs").isEqualTo(name);
    }

    @Test
    void twoLongTitlesThatDifferOnlyPastTheCutGiveTwoTags() {
        String first = names.nameOf(new TagRef(TagRef.Kind.PLAN, "p1"), LONG_TITLE + " (Milano)");
        String second = names.nameOf(new TagRef(TagRef.Kind.PLAN, "p2"), LONG_TITLE + " (Roma)");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void charactersOutsideTheBasicPlaneCountOnceAndAreNeverCutInHalf() {
        String fitted = TagNames.fitted("🏢".repeat(120));
        assertThat(fitted.codePointCount(0, fitted.length())).isEqualTo(TagNames.MAX_LENGTH);
        assertThat(fitted.codePoints().filter(cp -> Character.getType(cp) == Character.SURROGATE)).as("no lone half").isEmpty();
    }

    @Test
    void anExplicitNameOverTheLimitIsFittedToo() {
        TagNames mapped = TagNames.of("Spacebring plan: {title}", "", "", "", Map.of("p1", "Door " + "A".repeat(120)), Map.of(), Map.of());
        assertThat(mapped.nameOf(new TagRef(TagRef.Kind.PLAN, "p1"), "ignored")).hasSizeLessThanOrEqualTo(TagNames.MAX_LENGTH);
    }
}
