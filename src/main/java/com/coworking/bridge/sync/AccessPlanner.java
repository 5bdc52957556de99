package com.coworking.bridge.sync;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.luckey.LuckeyState;
import com.coworking.bridge.mirror.MirrorFacts;
import com.coworking.bridge.access.AccessDecision;
import com.coworking.bridge.access.AccessDiff;
import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.Confirmed;
import com.coworking.bridge.access.Facts;
import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.access.Person;
import com.coworking.bridge.access.TagRef;

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

    /**
     * What the access rules decide for one user in one link, what its Luckey account confirmed, and the actions that
     * close the gap, with the tag names: what {@link #plan} carries out and an operator's explanation shows.
     */
    public record Explained(Person person, Map<String, Object> membership, AccessDecision decision, Confirmed confirmed,
                            List<LuckeyAction> actions, Function<TagRef, String> tagName, List<AccessPolicy.Window> windows) {
    }

    /** The actions of one user in one link: its location's memberships and subscriptions, its Luckey account and tags. */
    public List<LuckeyAction> plan(Link link, String userRef) {
        Explained explained = explain(link, userRef);
        if (!explained.decision().synchronise() && explained.confirmed() == null) {
            LOG.info("Link {}: user {} ({}) not synchronised: {}", link.name(), userRef, explained.person().email(),
                    explained.decision().why());
        }
        return explained.actions();
    }

    public Explained explain(Link link, String userRef) {
        Map<String, Object> membership = mirror.membership(userRef, link.locationRef());
        Facts.User facts = mirror.facts(userRef, link.locationRef(), membership, link.doors().bookings(), link.doors().visitors());
        AccessDecision decision = policy.decide(facts, link.doors().rules());
        Confirmed confirmed = luckey.confirmed(link, userRef);
        // A visitor may have no membership: the visit names them
        Map<String, Object> visitor = membership == null || membership.get("gone_at") != null ? mirror.visitor(userRef, link.locationRef()) : null;
        Person person = membership != null && visitor == null ? Person.of(userRef, (String) membership.get("id"),
                (String) membership.get("email"), (String) membership.get("name"), (String) membership.get("surname"))
                : visitor != null ? Person.of(userRef, null, (String) visitor.get("email"), (String) visitor.get("name"),
                (String) visitor.get("surname")) : Person.of(userRef, null, null, null, null);
        Function<TagRef, String> names = tag -> tagName(link, tag);
        List<LuckeyAction> actions = AccessDiff.actions(person, decision, confirmed, names).stream()
                .map(action -> action.inLink(link.name())).toList();
        return new Explained(person, membership, decision, confirmed, actions, names, AccessPolicy.windows(link.doors().rules(),
                facts.bookings()));
    }

    private String tagName(Link link, TagRef tag) {
        String title = switch (tag.kind()) {
            case PLAN -> mirror.planTitle(tag.id());
            case COMPANY -> mirror.companyTitle(tag.id());
            case RESOURCE -> mirror.resourceTitle(tag.id());
            case VISITOR -> null;
        };
        return link.tags().nameOf(tag, title);
    }
}
