package com.coworking.bridge.access;

import java.time.Instant;
import java.util.List;

/** What the access policy knows about one user at the linked location, taken from the mirror. */
public final class Facts {

    private Facts() {
    }

    /**
     * The user's membership at the location. {@code gone}: Spacebring no longer lists it as approved
     * (deleted, or back to requested). {@code type}: {@code member}, or {@code nonmember} for a guest.
     */
    public record Membership(String id, String status, boolean gone, String companyRef, String email, String type) {

        /** A member's membership. */
        public Membership(String id, String status, boolean gone, String companyRef, String email) {
            this(id, status, gone, companyRef, email, "member");
        }
    }

    /** One item of a subscription: the plan it is for and, optionally, its own dates. */
    public record Item(String planRef, Instant startDate, Instant endDate) {
    }

    /** A subscription as Spacebring reports it; {@code type} is {@code user} or {@code company}. */
    public record Subscription(String id, String type, String status, Instant startDate, Instant endDate,
                               Instant deleteDate, List<Item> items) {
    }

    /** A confirmed, not cancelled booking of a resource at the location, in which the user is the owner or an attendee. */
    public record Booking(String id, String resourceRef, Instant start, Instant end) {
    }

    /** A resource assigned to the user, or to the user's company, by a subscription in force from start to end. */
    public record Assignment(String resourceRef, String subscriptionRef, Instant start, Instant end) {
    }

    /**
     * A visit not cancelled, with the visitor's day [dayStart, dayEnd) in the location's time zone (23 or 25 hours on the
     * day the clocks change) and the check-out, which ends it early.
     */
    public record Visit(String id, String email, Instant dayStart, Instant dayEnd, Instant checkOut) {
    }

    /**
     * @param companySubscriptions subscriptions of the company named by the membership (empty without one)
     * @param companyDeleted       the membership's company has been deleted in Spacebring
     * @param bookings             the user's bookings of the location's resources
     * @param assignments          the resources assigned to the user or the user's company
     * @param visits               the user's visits as a visitor
     */
    public record User(String userRef, Membership membership, List<Subscription> userSubscriptions,
                       List<Subscription> companySubscriptions, boolean companyDeleted, List<Booking> bookings,
                       List<Assignment> assignments, List<Visit> visits) {

        /** A user with plans and companies only. */
        public User(String userRef, Membership membership, List<Subscription> userSubscriptions,
                    List<Subscription> companySubscriptions, boolean companyDeleted) {
            this(userRef, membership, userSubscriptions, companySubscriptions, companyDeleted, List.of(), List.of(), List.of());
        }
    }
}
