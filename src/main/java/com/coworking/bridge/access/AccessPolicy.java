package com.coworking.bridge.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The access rules (shared/design/access-rules.md) as a pure function: given what Spacebring says about a
 * user and an instant, which Luckey tags the user should have. No I/O; time comes from the clock.
 */
public final class AccessPolicy {

    /**
     * When booking doors open and close, and when a guest is invited.
     *
     * @param openBefore  the door opens this long before a booking starts (BOOKING_OPEN_BEFORE_MS)
     * @param closeAfter  and closes this long after it ends (BOOKING_CLOSE_AFTER_MS)
     * @param inviteLead  a guest (a nonmember membership) is created in Luckey at most this long before their first door
     *                    window opens, never for a booking weeks away (BOOKING_INVITE_LEAD_MS); null: guests are
     *                    synchronised like members (bookings off)
     */
    public record BookingTimes(Duration openBefore, Duration closeAfter, Duration inviteLead) {
    }

    private final Clock clock;
    private final boolean companyTagOnBelonging;

    /** @param companyTagOnBelonging grant the company tag to every member of a company, subscription or not */
    public AccessPolicy(Clock clock, boolean companyTagOnBelonging) {
        this.clock = clock;
        this.companyTagOnBelonging = companyTagOnBelonging;
    }

    /**
     * The door of a booked resource is open for one person from {@code open} to {@code close}: the bookings it merges
     * overlap or follow each other with no gap once each is widened by open-before and close-after.
     */
    public record Window(String resourceRef, Instant open, Instant close, List<String> bookingIds) {

        boolean contains(Instant t) {
            return !t.isBefore(open) && t.isBefore(close);
        }
    }

    /** @param times the link's booking times */
    public AccessDecision decide(Facts.User user, BookingTimes times) {
        Instant now = clock.instant();
        Facts.Membership membership = user.membership();
        if (membership == null || membership.gone()) {
            // A visitor needs no membership: the visit alone gives the visitors' tag for its day
            Map<TagRef, String> visit = visitTag(user.visits(), now);
            if (!visit.isEmpty() && user.visits().stream().anyMatch(v -> v.email() != null && !v.email().isBlank())) {
                return new AccessDecision(true, null, visit);
            }
            return new AccessDecision(false, "no approved membership at the location" + (visit.isEmpty() ? "" : "; the visitor has no e-mail"),
                    Map.of());
        }
        if ("requested".equals(membership.status())) {
            return new AccessDecision(false, "membership is only requested", Map.of());
        }
        if (membership.email() == null || membership.email().isBlank()) {
            return new AccessDecision(false, "user has no e-mail", Map.of());
        }
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
        List<Window> windows = windows(times, user.bookings());
        for (Window window : windows) {
            if (window.contains(now)) {
                tags.putIfAbsent(TagRef.resource(window.resourceRef()), "booking " + String.join(", ", window.bookingIds())
                        + ": door open from " + window.open() + " to " + window.close());
            }
        }
        for (Facts.Assignment assignment : user.assignments()) {
            if (assignment.start() != null && !now.isBefore(assignment.start()) && (assignment.end() == null || now.isBefore(assignment.end()))) {
                tags.putIfAbsent(TagRef.resource(assignment.resourceRef()), "assigned by subscription " + assignment.subscriptionRef()
                        + " from " + assignment.start() + until(assignment.end()));
            }
        }
        visitTag(user.visits(), now).forEach(tags::putIfAbsent);
        Duration inviteLead = times.inviteLead();
        if (inviteLead != null && "nonmember".equals(membership.type()) && tags.isEmpty()) {
            // A guest's activation e-mail comes in time for the first door, and not weeks ahead of it
            Instant firstOpen = windows.stream().filter(w -> w.close().isAfter(now)).map(Window::open).min(Instant::compareTo).orElse(null);
            if (firstOpen == null || firstOpen.minus(inviteLead).isAfter(now)) {
                return new AccessDecision(false, "a guest (nonmember) is invited " + inviteLead.toHours() + " h before their first booking"
                        + (firstOpen == null ? "; they have none" : "'s door opens at " + firstOpen), Map.of());
            }
        }
        return new AccessDecision(true, null, tags);
    }

    /**
     * The person's door windows, per resource, in time order: each booking from start - open-before to end +
     * close-after, and windows that overlap or touch merged into one, so no revoke falls between back-to-back bookings.
     */
    public static List<Window> windows(BookingTimes times, List<Facts.Booking> bookings) {
        List<Window> merged = new ArrayList<>();
        Map<String, List<Facts.Booking>> byResource = bookings.stream().filter(b -> b.start() != null && b.end() != null)
                .collect(Collectors.groupingBy(Facts.Booking::resourceRef, LinkedHashMap::new, Collectors.toList()));
        byResource.forEach((resource, ofResource) -> {
            Window current = null;
            for (Facts.Booking booking : ofResource.stream().sorted(Comparator.comparing(Facts.Booking::start)).toList()) {
                Instant open = booking.start().minus(times.openBefore());
                Instant close = booking.end().plus(times.closeAfter());
                if (current != null && !open.isAfter(current.close())) {
                    List<String> ids = new ArrayList<>(current.bookingIds());
                    ids.add(booking.id());
                    current = new Window(resource, current.open(), close.isAfter(current.close()) ? close : current.close(), ids);
                } else {
                    if (current != null) {
                        merged.add(current);
                    }
                    current = new Window(resource, open, close, List.of(booking.id()));
                }
            }
            if (current != null) {
                merged.add(current);
            }
        });
        return merged;
    }

    /** The visitors' tag while a visit's local day runs and the visitor has not checked out. */
    private static Map<TagRef, String> visitTag(List<Facts.Visit> visits, Instant now) {
        for (Facts.Visit visit : visits) {
            if (!now.isBefore(visit.dayStart()) && now.isBefore(visit.dayEnd()) && (visit.checkOut() == null || now.isBefore(visit.checkOut()))) {
                return Map.of(TagRef.VISITORS, "visit " + visit.id() + " from " + visit.dayStart() + " to " + visit.dayEnd()
                        + " (the local day), until check-out");
            }
        }
        return Map.of();
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
