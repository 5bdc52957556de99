package com.coworking.bridge.access;

import java.time.Instant;
import java.util.List;

/** What the access policy knows about one user at the linked location, taken from the mirror. */
public final class Facts {

    private Facts() {
    }

    /**
     * The user's membership at the location. {@code gone}: Spacebring no longer lists it as approved
     * (deleted, or back to requested).
     */
    public record Membership(String id, String status, boolean gone, String companyRef, String email) {
    }

    /** One item of a subscription: the plan it is for and, optionally, its own dates. */
    public record Item(String planRef, Instant startDate, Instant endDate) {
    }

    /** A subscription as Spacebring reports it; {@code type} is {@code user} or {@code company}. */
    public record Subscription(String id, String type, String status, Instant startDate, Instant endDate,
                               Instant deleteDate, List<Item> items) {
    }

    /**
     * @param companySubscriptions subscriptions of the company named by the membership (empty without one)
     * @param companyDeleted       the membership's company has been deleted in Spacebring
     */
    public record User(String userRef, Membership membership, List<Subscription> userSubscriptions,
                       List<Subscription> companySubscriptions, boolean companyDeleted) {
    }
}
