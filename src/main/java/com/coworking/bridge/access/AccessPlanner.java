package com.coworking.bridge.access;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.mirror.MirrorFacts;

/** Loads what the mirror says about a user and what Luckey confirmed, and lists the actions that close the gap. */
public final class AccessPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPlanner.class);

    private final MirrorFacts mirror;
    private final LuckeyState luckey;
    private final AccessPolicy policy;

    public AccessPlanner(MirrorFacts mirror, LuckeyState luckey, AccessPolicy policy) {
        this.mirror = mirror;
        this.luckey = luckey;
        this.policy = policy;
    }

    /** The actions of one user in one link: its location's memberships and subscriptions, its Luckey account and tags. */
    public List<LuckeyAction> plan(Link link, String userRef) {
        Map<String, Object> membership = mirror.membership(userRef, link.locationRef());
        AccessDecision decision = policy.decide(mirror.facts(userRef, link.locationRef(), membership));
        Confirmed confirmed = luckey.confirmed(link, userRef);
        Person person = membership == null ? Person.of(userRef, null, null, null, null) : Person.of(userRef,
                (String) membership.get("id"), (String) membership.get("email"), (String) membership.get("name"),
                (String) membership.get("surname"));
        if (!decision.synchronise() && confirmed == null) {
            LOG.info("Link {}: user {} ({}) not synchronised: {}", link.name(), userRef, person.email(), decision.why());
        }
        return AccessDiff.actions(person, decision, confirmed, tag -> tagName(link, tag)).stream()
                .map(action -> action.inLink(link.name())).toList();
    }

    private String tagName(Link link, TagRef tag) {
        String title = tag.kind() == TagRef.Kind.PLAN ? mirror.planTitle(tag.id()) : mirror.companyTitle(tag.id());
        return link.tags().nameOf(tag, title);
    }
}
