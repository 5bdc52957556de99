package com.coworking.bridge.access;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access rules (shared/design/access-rules.md) as a pure function: given what Spacebring says about a
 * user and an instant, which Luckey tags the user should have. No I/O; time comes from the clock.
 */
public final class AccessPolicy {

    private final Clock clock;
    private final boolean companyTagOnBelonging;

    /** @param companyTagOnBelonging grant the company tag to every member of a company, subscription or not */
    public AccessPolicy(Clock clock, boolean companyTagOnBelonging) {
        this.clock = clock;
        this.companyTagOnBelonging = companyTagOnBelonging;
    }

    public AccessDecision decide(Facts.User user) {
        Facts.Membership membership = user.membership();
        if (membership == null || membership.gone()) {
            return new AccessDecision(false, "no approved membership at the location", Map.of());
        }
        if ("requested".equals(membership.status())) {
            return new AccessDecision(false, "membership is only requested", Map.of());
        }
        if (membership.email() == null || membership.email().isBlank()) {
            return new AccessDecision(false, "user has no e-mail", Map.of());
        }
        Instant now = clock.instant();
        Map<TagRef, String> tags = new LinkedHashMap<>();
        for (Facts.Subscription subscription : user.userSubscriptions()) {
            if (!"user".equals(subscription.type()) || !inForce(subscription, now)) {
                continue;
            }
            for (Facts.Item item : subscription.items()) {
                if (item.planRef() != null && itemInForce(item, now)) {
                    tags.putIfAbsent(TagRef.plan(item.planRef()), "subscription " + subscription.id() + " ("
                            + subscription.status() + ") in force from " + subscription.startDate() + until(subscription.endDate()));
                }
            }
        }
        String companyRef = membership.companyRef();
        if (companyRef != null && !user.companyDeleted()) {
            if (companyTagOnBelonging) {
                tags.put(TagRef.company(companyRef), "member of company " + companyRef);
            } else {
                user.companySubscriptions().stream()
                        .filter(s -> "company".equals(s.type()) && inForce(s, now))
                        .findFirst()
                        .ifPresent(s -> tags.put(TagRef.company(companyRef), "member of company " + companyRef
                                + " whose subscription " + s.id() + " (" + s.status() + ") is in force from " + s.startDate()
                                + until(s.endDate())));
            }
        }
        return new AccessDecision(true, null, tags);
    }

    /**
     * In force at t: started, not ended, not deleted, and not incompleteExpired. Payment does not matter,
     * and a canceled subscription counts until its end date.
     */
    static boolean inForce(Facts.Subscription subscription, Instant t) {
        return subscription.startDate() != null
                && !t.isBefore(subscription.startDate())
                && (subscription.endDate() == null || t.isBefore(subscription.endDate()))
                && (subscription.deleteDate() == null || t.isBefore(subscription.deleteDate()))
                && !"incompleteExpired".equals(subscription.status());
    }

    private static boolean itemInForce(Facts.Item item, Instant t) {
        return (item.startDate() == null || !t.isBefore(item.startDate()))
                && (item.endDate() == null || t.isBefore(item.endDate()));
    }

    private static String until(Instant end) {
        return end == null ? "" : " until " + end;
    }
}
