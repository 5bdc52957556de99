package com.coworking.bridge.mirror;

import java.time.Duration;

/**
 * Which doors beyond plans and companies the bridge opens, and when (settings {@code bridge.bookings.*} and
 * {@code bridge.visitors.enabled}).
 *
 * @param bookings         bookings and assigned resources open their resource's tag (BOOKINGS_ENABLED)
 * @param includeTentative tentative bookings open doors too (BOOKING_INCLUDE_TENTATIVE)
 * @param visitors         visits open the visitors' tag (VISITORS_ENABLED)
 * @param openBefore       the door opens this long before a booking starts (BOOKING_OPEN_BEFORE_MS)
 * @param closeAfter       and closes this long after it ends (BOOKING_CLOSE_AFTER_MS)
 * @param pollDaysAhead    the poll reads the bookings and visits from a day ago to this many days ahead (BOOKING_POLL_DAYS_AHEAD)
 */
public record DoorSettings(boolean bookings, boolean includeTentative, boolean visitors, Duration openBefore, Duration closeAfter,
                           int pollDaysAhead) {

    /** The booking statuses that open a door, as Spacebring's {@code status} filter writes them. */
    public String bookingStatuses() {
        return includeTentative ? "tentative,confirmed" : "confirmed";
    }
}
