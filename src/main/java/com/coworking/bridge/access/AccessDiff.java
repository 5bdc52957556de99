package com.coworking.bridge.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * @param tagName   the Luckey tag name of a plan, company, resource or the visitors (null: a resource without a lock)
     */
    public static List<LuckeyAction> actions(Person person, AccessDecision decision, Confirmed confirmed,
                                             Function<TagRef, String> tagName) {
        List<LuckeyAction> actions = new ArrayList<>();
        long version = confirmed == null ? 0 : confirmed.version();
        if (decision.synchronise() && confirmed == null) {
            actions.add(action(LuckeyAction.INVITE, person, null, null, person.membershipId() != null
                    ? "membership " + person.membershipId() + " at the location" : "a visit at the location", version));
        } else if (decision.synchronise()
                && (!Objects.equals(person.name(), confirmed.name()) || !Objects.equals(person.surname(), confirmed.surname()))) {
            actions.add(action(LuckeyAction.RENAME, person, null, null, "name changed in Spacebring", version));
        }
        // Compared by the Luckey tag each key resolves to: a plan and a resource named alike are one tag, granted once
        // and kept while either gives it. A resource without a lock (no name) is never granted.
        Set<String> current = confirmed == null ? Set.of() : confirmed.tagKeys();
        Map<String, String> heldNames = new LinkedHashMap<>();
        for (String tagKey : current) {
            heldNames.put(tagKey, tagName.apply(TagRef.fromKey(tagKey)));
        }
        Set<String> wanted = new HashSet<>();
        decision.tags().forEach((tag, why) -> {
            String name = tagName.apply(tag);
            if (name != null && wanted.add(name) && !heldNames.containsValue(name)) {
                actions.add(action(LuckeyAction.GRANT, person, tag.key(), name, why, version));
            }
        });
        heldNames.forEach((tagKey, name) -> {
            if (name == null || !wanted.contains(name)) {
                String why = decision.synchronise() ? "no subscription, company, booking, assignment or visit grants it any more" : decision.why();
                actions.add(action(LuckeyAction.REVOKE, person, tagKey, name != null ? name : tagKey, why, version));
            }
        });
        return actions;
    }

    private static LuckeyAction action(String type, Person person, String tagKey, String tagName, String cause, long version) {
        return new LuckeyAction(type, person.userRef(), person.email(), person.name(), person.surname(), tagKey, tagName, cause,
                type + ":" + person.userRef() + ":" + (tagKey == null ? "-" : tagKey) + ":v" + version);
    }
}
