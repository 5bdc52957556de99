package com.coworking.bridge.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The actions that bring what Luckey holds for a user ({@link Confirmed}) to what the access rules want
 * ({@link AccessDecision}): invite first, then rename, grants and revokes. Pure: no I/O.
 */
public final class AccessDiff {

    private AccessDiff() {
    }

    /**
     * @param confirmed what Luckey holds, or null when the bridge has not created (or adopted) the user there
     * @param tagName   the Luckey tag name of a plan or company
     */
    public static List<LuckeyAction> actions(Person person, AccessDecision decision, Confirmed confirmed,
                                             Function<TagRef, String> tagName) {
        List<LuckeyAction> actions = new ArrayList<>();
        long version = confirmed == null ? 0 : confirmed.version();
        if (decision.synchronise() && confirmed == null) {
            actions.add(action(LuckeyAction.INVITE, person, null, null, "membership " + person.membershipId() + " at the location", version));
        } else if (decision.synchronise()
                && (!Objects.equals(person.name(), confirmed.name()) || !Objects.equals(person.surname(), confirmed.surname()))) {
            actions.add(action(LuckeyAction.RENAME, person, null, null, "name changed in Spacebring", version));
        }
        Set<String> current = confirmed == null ? Set.of() : confirmed.tagKeys();
        decision.tags().forEach((tag, why) -> {
            if (!current.contains(tag.key())) {
                actions.add(action(LuckeyAction.GRANT, person, tag.key(), tagName.apply(tag), why, version));
            }
        });
        for (String tagKey : current) {
            TagRef tag = TagRef.fromKey(tagKey);
            if (!decision.tags().containsKey(tag)) {
                String why = decision.synchronise() ? "no subscription or company grants it any more" : decision.why();
                actions.add(action(LuckeyAction.REVOKE, person, tagKey, tagName.apply(tag), why, version));
            }
        }
        return actions;
    }

    private static LuckeyAction action(String type, Person person, String tagKey, String tagName, String cause, long version) {
        return new LuckeyAction(type, person.userRef(), person.email(), person.name(), person.surname(), tagKey, tagName, cause,
                type + ":" + person.userRef() + ":" + (tagKey == null ? "-" : tagKey) + ":v" + version);
    }
}
