package com.coworking.bridge.link;

import com.coworking.bridge.access.AccessPolicy;

/**
 * Which doors beyond plans and companies a link opens, and when: settings {@code bridge.bookings.*} and
 * {@code bridge.visitors.enabled}, or a link's {@code bookings} and {@code visitors} in LINKS_FILE.
 *
 * @param bookings         bookings and assigned resources open their resource's tag (BOOKINGS_ENABLED)
 * @param includeTentative tentative bookings open doors too (BOOKING_INCLUDE_TENTATIVE)
 * @param visitors         visits open the visitors' tag (VISITORS_ENABLED)
 * @param times            when a booking's door opens and closes, and when a guest is invited
 * @param pollDaysAhead    the poll reads the bookings and visits from a day ago to this many days ahead (BOOKING_POLL_DAYS_AHEAD)
 */
public record DoorSettings(boolean bookings, boolean includeTentative, boolean visitors, AccessPolicy.BookingTimes times,
                           int pollDaysAhead) {

    /** The booking statuses that open a door, as Spacebring's {@code status} filter writes them. */
    public String bookingStatuses() {
        return includeTentative ? "tentative,confirmed" : "confirmed";
    }

    /** What the access rules apply: with bookings off, a guest is synchronised like a member. */
    public AccessPolicy.BookingTimes rules() {
        return bookings ? times : new AccessPolicy.BookingTimes(times.openBefore(), times.closeAfter(), null);
    }
}
