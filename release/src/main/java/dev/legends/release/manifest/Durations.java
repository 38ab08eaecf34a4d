package dev.legends.release.manifest;

import dev.legends.core.LegendsException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as manifests write them, after Argo Rollouts: a number of seconds, or "30s", "5m", "1h", "250ms". */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() {}

    public static Duration parse(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return millis(n.doubleValue() * 1000, field, value);
        }
        Matcher m = TEXT.matcher(value.toString().trim());
        if (!m.matches()) {
            throw LegendsException.invalid(field + ": '" + value + "' is not a duration (use 30s, 5m, 1h or seconds)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
        return millis(ms, field, value);
    }

    private static Duration millis(double ms, String field, Object value) {
        if (ms < 0) {
            throw LegendsException.invalid(field + ": '" + value + "' is negative");
        }
        return Duration.ofMillis(Math.round(ms));
    }

    public static String format(Duration d) {
        if (d == null) {
            return "until promoted";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
