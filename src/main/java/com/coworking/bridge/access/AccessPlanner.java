package com.coworking.bridge.access;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.mirror.MirrorFacts;

/** Loads what the mirror says about a user and what Luckey confirmed, and lists the actions that close the gap. */
public final class AccessPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPlanner.class);

    private final MirrorFacts mirror;
    private final LuckeyState luckey;
    private final AccessPolicy policy;
    private final TagNames tagNames;
    private final String locationRef;

    public AccessPlanner(MirrorFacts mirror, LuckeyState luckey, AccessPolicy policy, TagNames tagNames, String locationRef) {
        this.mirror = mirror;
        this.luckey = luckey;
        this.policy = policy;
        this.tagNames = tagNames;
        this.locationRef = locationRef;
    }

    public List<LuckeyAction> plan(String userRef) {
        Map<String, Object> membership = mirror.membership(userRef, locationRef);
        AccessDecision decision = policy.decide(mirror.facts(userRef, locationRef, membership));
        Confirmed confirmed = luckey.confirmed(userRef);
        Person person = membership == null ? Person.of(userRef, null, null, null, null) : Person.of(userRef,
                (String) membership.get("id"), (String) membership.get("email"), (String) membership.get("name"),
                (String) membership.get("surname"));
        if (!decision.synchronise() && confirmed == null) {
            LOG.info("User {} ({}) not synchronised: {}", userRef, person.email(), decision.why());
        }
        return AccessDiff.actions(person, decision, confirmed, this::tagName);
    }

    private String tagName(TagRef tag) {
        String title = tag.kind() == TagRef.Kind.PLAN ? mirror.planTitle(tag.id()) : mirror.companyTitle(tag.id());
        return tagNames.nameOf(tag, title);
    }
}
