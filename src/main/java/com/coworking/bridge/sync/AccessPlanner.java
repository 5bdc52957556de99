package com.coworking.bridge.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.access.AccessDecision;
import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.TagRef;

/**
 * Compares what a user should have (the access policy over the mirror) with what Luckey confirmed, and
 * lists the actions that close the gap: invite first, then renames, grants and revokes.
 */
public final class AccessPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPlanner.class);

    private final Mirror mirror;
    private final LuckeyState luckey;
    private final AccessPolicy policy;
    private final TagNames tagNames;
    private final String locationRef;

    public AccessPlanner(Mirror mirror, LuckeyState luckey, AccessPolicy policy, TagNames tagNames, String locationRef) {
        this.mirror = mirror;
        this.luckey = luckey;
        this.policy = policy;
        this.tagNames = tagNames;
        this.locationRef = locationRef;
    }

    public List<LuckeyAction> plan(String userRef) {
        Map<String, Object> membership = mirror.membership(userRef, locationRef);
        AccessDecision decision = policy.decide(mirror.facts(userRef, locationRef, membership));
        LuckeyState.Confirmed confirmed = luckey.confirmed(userRef);
        String email = membership == null ? null : (String) membership.get("email");
        String name = membership == null ? null : (String) membership.get("name");
        String surname = membership == null ? null : (String) membership.get("surname");
        long version = confirmed == null ? 0 : confirmed.version();

        List<LuckeyAction> actions = new ArrayList<>();
        if (!decision.synchronise() && confirmed == null) {
            LOG.info("User {} ({}) not synchronised: {}", userRef, email, decision.why());
            return actions;
        }
        if (decision.synchronise() && confirmed == null) {
            actions.add(new LuckeyAction(LuckeyAction.INVITE, userRef, locationRef, email, name, surname, null, null,
                    "membership " + membership.get("id") + " at the location", key(LuckeyAction.INVITE, userRef, "-", version)));
        } else if (decision.synchronise() && (!Objects.equals(name, confirmed.name()) || !Objects.equals(surname, confirmed.surname()))) {
            actions.add(new LuckeyAction(LuckeyAction.RENAME, userRef, locationRef, email, name, surname, null, null,
                    "name changed in Spacebring", key(LuckeyAction.RENAME, userRef, "-", version)));
        }
        Set<String> current = confirmed == null ? Set.of() : confirmed.tagKeys();
        decision.tags().forEach((tag, why) -> {
            if (!current.contains(tag.key())) {
                actions.add(new LuckeyAction(LuckeyAction.GRANT, userRef, locationRef, email, name, surname, tag.key(),
                        tagName(tag), why, key(LuckeyAction.GRANT, userRef, tag.key(), version)));
            }
        });
        for (String tagKey : current) {
            TagRef tag = TagRef.fromKey(tagKey);
            if (!decision.tags().containsKey(tag)) {
                String why = decision.synchronise() ? "no subscription or company grants it any more" : decision.why();
                actions.add(new LuckeyAction(LuckeyAction.REVOKE, userRef, locationRef, email, name, surname, tagKey,
                        tagName(tag), why, key(LuckeyAction.REVOKE, userRef, tagKey, version)));
            }
        }
        return actions;
    }

    private String tagName(TagRef tag) {
        String title = tag.kind() == TagRef.Kind.PLAN ? mirror.planTitle(tag.id()) : mirror.companyTitle(tag.id());
        return tagNames.nameOf(tag, title);
    }

    private static String key(String type, String userRef, String tagKey, long version) {
        return type + ":" + userRef + ":" + tagKey + ":v" + version;
    }
}
