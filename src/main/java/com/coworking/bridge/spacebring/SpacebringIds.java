package com.coworking.bridge.spacebring;

import java.util.regex.Pattern;

/**
 * Spacebring's ids are UUIDs (every *Ref and id in its OpenAPI spec has {@code format: uuid}), except one: an
 * occurrence of a repeating booking is {@code {bookingId}_{isoDate}}.
 */
public final class SpacebringIds {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Pattern OCCURRENCE = Pattern.compile(UUID.pattern()
            + "_\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?");

    private SpacebringIds() {
    }

    /** A booking's id: a UUID, or the id of one occurrence of a repeating booking. */
    public static boolean isBookingId(String value) {
        return value != null && (UUID.matcher(value).matches() || OCCURRENCE.matcher(value).matches());
    }

    public static boolean isId(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    /** The value, when it is an id (a booking occurrence's too: only ids go into paths); otherwise an exception that says so without echoing more than a little of it. */
    public static String require(String value) {
        if (!isBookingId(value)) {
            throw new IllegalArgumentException("Not a Spacebring id (a UUID): " + shown(value));
        }
        return value;
    }

    /** A value from outside, cut and with control characters replaced, fit for a log line or a reason column. */
    public static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
