package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code project.build.outputTimestamp} as Maven's reproducible-builds convention defines it: an ISO-8601
 * date-time or seconds since the epoch. Unset (or a single character, Maven's "disabled") means a fixed instant,
 * so the edge bundle stays reproducible either way.
 */
final class OutputTimestamp {

    /** The earliest time a zip entry can carry, plus the 2-second DOS resolution. */
    static final Instant WHEN_UNSET = Instant.parse("1980-01-01T00:00:02Z");

    private OutputTimestamp() {
    }

    static Instant parse(String value) {
        if (value == null || value.isBlank() || value.trim().length() == 1) {
            return WHEN_UNSET;
        }
        String text = value.trim();
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw InvalidInputException.of(new Problem("<project.build.outputTimestamp>",
                    "'" + text + "' is neither an ISO-8601 date-time nor seconds since the epoch.",
                    "use e.g. 2026-01-01T00:00:00Z."));
        }
    }
}
