package com.coworking.bridge.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** Spacebring sends ISO date-times; a bare date means the start of that day in the location's time zone. */
public final class SpacebringDates {

    private SpacebringDates() {
    }

    /** The time zone of that id, or the fallback when it is missing or unknown. */
    public static ZoneId zone(String id, ZoneId fallback) {
        try {
            return id == null ? fallback : ZoneId.of(id);
        } catch (java.time.DateTimeException unknownZone) {
            return fallback;
        }
    }

    public static Instant parse(JsonNode node, ZoneId zone) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        String text = node.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notADateTime) {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        }
    }
}
