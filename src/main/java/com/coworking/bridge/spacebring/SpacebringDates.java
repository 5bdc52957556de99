package com.coworking.bridge.spacebring;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads every ISO-8601 form Spacebring's dates come in: a date-time with {@code Z}, with an offset written
 * with or without a colon ({@code +01:00}, {@code +0100}, {@code +01}), followed or not by a zone id
 * ({@code [Europe/Rome]}); a local date-time; a date with or without an offset. A date or date-time
 * without an offset is read in the zone given (the subscription's, else the location's); a bare date
 * means the start of that day.
 */
public final class SpacebringDates {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendLiteral('[').appendZoneRegionId().appendLiteral(']').optionalEnd()
            .toFormatter();
    /** {@code +0100} and a bare {@code +01} after a time are rewritten as {@code +01:00} before parsing. */
    private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("([+-]\\d{2})(\\d{2})(\\[[^]]*])?$");
    private static final Pattern HOURS_ONLY_OFFSET = Pattern.compile("(T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?[+-]\\d{2})(\\[[^]]*])?$");

    private SpacebringDates() {
    }

    /** The zone of that id, or the fallback when it is missing or unknown. */
    public static ZoneId zone(String id, ZoneId fallback) {
        try {
            return id == null || id.isBlank() ? fallback : ZoneId.of(id);
        } catch (DateTimeException unknownZone) {
            return fallback;
        }
    }

    /** Null for a missing, null or blank value; {@link UnreadableValue} for one that is no date. */
    public static Instant parse(JsonNode node, ZoneId zone) throws UnreadableValue {
        if (node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new UnreadableValue("not a date: " + node);
        }
        return parse(node.asText().trim(), zone);
    }

    public static Instant parse(String text, ZoneId zone) throws UnreadableValue {
        // Most dates end in Z, which neither rewrite concerns: a full sync reads 300,000 of them
        String normalized = text.endsWith("Z") ? text
                : HOURS_ONLY_OFFSET.matcher(OFFSET_WITHOUT_COLON.matcher(text).replaceFirst("$1:$2$3")).replaceFirst("$1:00$2");
        TemporalAccessor parsed;
        try {
            parsed = FORMAT.parse(normalized);
        } catch (DateTimeException e) {
            throw new UnreadableValue("not an ISO-8601 date: " + SpacebringIds.shown(text));
        }
        LocalDate date = LocalDate.from(parsed);
        LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                ? LocalDateTime.of(date, java.time.LocalTime.from(parsed)) : date.atStartOfDay();
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
        }
        ZoneId named = parsed.query(java.time.temporal.TemporalQueries.zoneId());
        return local.atZone(named != null ? named : zone).toInstant();
    }
}
