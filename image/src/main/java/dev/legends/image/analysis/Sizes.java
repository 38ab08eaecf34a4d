package dev.legends.image.analysis;

import java.util.Locale;

/** Byte counts the way dive prints them (go-humanize's Bytes: SI units, "20 MB", "1.1 kB"). */
final class Sizes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Sizes() {}

    static String human(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        int e = (int) Math.floor(Math.log(bytes) / Math.log(1000));
        e = Math.min(e, UNITS.length - 1);
        double val = Math.floor(bytes / Math.pow(1000, e) * 10 + 0.5) / 10;
        String format = val < 10 ? "%.1f %s" : "%.0f %s";
        return String.format(Locale.ROOT, format, val, UNITS[e]);
    }
}
