package dev.legends.server.containers;

import dev.legends.core.LegendsException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code logs --since/--until} take, as docker reads them: a duration back from now
 * ({@code 10m}, {@code 1h30m}, {@code 45s}), an RFC 3339 time ({@code 2026-12-07T12:00:00Z}), or
 * Unix seconds ({@code 1796644800}, with a fraction if wanted).
 */
public final class LogTimes {
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:h|m|s|ms))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");
    private static final Pattern UNIX = Pattern.compile("\\d+(?:\\.\\d+)?");

    private LogTimes() {}

    /** {@code value} as an instant, durations counted back from {@code now}; {@code flag} names it in the error. */
    public static Instant parse(String flag, String value, Instant now) {
        String v = value.strip();
        if (DURATION.matcher(v).matches()) {
            Duration d = Duration.ZERO;
            Matcher m = PART.matcher(v);
            while (m.find()) {
                BigDecimal n = new BigDecimal(m.group(1));
                long unitNanos = switch (m.group(2)) {
                    case "h" -> 3_600_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "s" -> 1_000_000_000L;
                    default -> 1_000_000L;
                };
                d = d.plusNanos(n.multiply(BigDecimal.valueOf(unitNanos)).longValue());
            }
            return now.minus(d);
        }
        if (UNIX.matcher(v).matches()) {
            BigDecimal s = new BigDecimal(v);
            return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw LegendsException.invalid("invalid " + flag + " " + value
                    + ": expected a duration such as 10m or 1h30m, a time such as 2026-12-07T12:00:00Z, or Unix seconds");
        }
    }
}
