package dev.legends.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Sizes and ages as docker prints them: "4.26MB", "3 hours ago". */
final class Units {
    private Units() {}

    /** Decimal units (1 kB = 1000 B), like docker's image sizes. */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.3g%s", v, units[u]);
    }

    static String ago(String instant) {
        if (instant == null || instant.isEmpty()) {
            return "N/A";
        }
        Duration d;
        try {
            d = Duration.between(Instant.parse(instant), Instant.now());
        } catch (RuntimeException e) {
            return instant;
        }
        if (d.isNegative() || d.toSeconds() < 1) {
            return "Less than a second ago";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + " seconds ago";
        }
        if (s < 3600) {
            return plural(s / 60, "minute") + " ago";
        }
        if (s < 86400 * 2) {
            return plural(s / 3600, "hour") + " ago";
        }
        if (s < 86400 * 14) {
            return plural(s / 86400, "day") + " ago";
        }
        if (s < 86400 * 60) {
            return plural(s / (86400 * 7), "week") + " ago";
        }
        if (s < 86400 * 365 * 2) {
            return plural(s / (86400 * 30), "month") + " ago";
        }
        return plural(s / (86400 * 365), "year") + " ago";
    }

    private static String plural(long n, String unit) {
        return n == 1 ? (unit.equals("hour") ? "An hour" : "1 " + unit) : n + " " + unit + "s";
    }

    /** A digest as docker shows ids: the first 12 hex digits. */
    static String shortId(String digest) {
        if (digest == null) {
            return "";
        }
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
