package com.coworking.bridge.spacebring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every ISO-8601 form Spacebring's dates may take; a form without an offset is read in the location's zone. */
class SpacebringDatesTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2026-11-29T10:00:00Z, 2026-11-29T10:00:00Z",
            "2026-11-29T10:00:00.123Z, 2026-11-29T10:00:00.123Z",
            "2026-11-29T10:00:00+01:00, 2026-11-29T09:00:00Z",
            "2026-11-29T10:00:00+0100, 2026-11-29T09:00:00Z",
            "2026-11-29T10:00:00+0000, 2026-11-29T10:00:00Z",
            "2026-11-29T10:00:00-05, 2026-11-29T15:00:00Z",
            "2026-11-29T10:00:00+01:00[Europe/Rome], 2026-11-29T09:00:00Z",
            "2026-11-29T10:00:00[Europe/Rome], 2026-11-29T09:00:00Z",
            "2026-11-29T10:00:00, 2026-11-29T09:00:00Z",
            "2026-11-29T10:00, 2026-11-29T09:00:00Z",
            "2026-11-29, 2026-11-28T23:00:00Z",
            "2026-11-26+01:00, 2026-11-25T23:00:00Z",
            "2026-11-26Z, 2026-11-26T00:00:00Z",
            "2026-07-01, 2026-06-30T22:00:00Z"
    })
    void readsTheForm(String text, String instant) throws UnreadableValue {
        assertThat(SpacebringDates.parse(text, ROME)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "29/11/2026", "2026-13-01", "2026-11-29T25:00:00Z", "1732870800"})
    void aValueThatIsNoDateIsReportedNotGuessed(String text) {
        assertThatThrownBy(() -> SpacebringDates.parse(text, ROME)).isInstanceOf(UnreadableValue.class).hasMessageContaining(text);
    }
}
