package dev.legends.build;

import dev.legends.build.dockerfile.GoDuration;
import java.time.Duration;
import java.util.List;

/**
 * {@code created_by} as docker's classic builder writes it, which is what {@code docker history}
 * users know: {@code /bin/sh -c #(nop)  CMD ["sh"]} for metadata steps (the shell, then a no-op
 * comment: two spaces), {@code /bin/sh -c #(nop) COPY file:<hash> in /dest } for copies,
 * {@code |1 V=1 /bin/sh -c make} for a RUN with build args. Lists print as Go's {@code %q} and
 * {@code %v} print them.
 */
final class HistoryText {
    private HistoryText() {}

    static String nop(List<String> shell, String comment) {
        return String.join(" ", shell) + " #(nop)  " + comment;
    }

    static String copy(List<String> shell, String keyword, String sourceHash, String dest) {
        return String.join(" ", shell) + " #(nop) " + keyword + " " + sourceHash + " in " + dest + " ";
    }

    /** A RUN's argv, with the build args it saw in front ({@code |N K=V ...}). */
    static String run(List<String> argv, List<String> buildArgs) {
        String cmd = String.join(" ", argv);
        if (buildArgs.isEmpty()) {
            return cmd;
        }
        return "|" + buildArgs.size() + " " + String.join(" ", buildArgs) + " " + cmd;
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    static String quotedList(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(quote(items.get(i)));
        }
        return sb.append(']').toString();
    }

    /** Go's {@code %v} of a string slice: {@code [a b]}. */
    static String plainList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Go's {@code %q} of docker's HealthConfig pointer. */
    static String healthcheck(HealthConfig h) {
        return "&{" + quotedList(h.test()) + " " + quote(duration(h.interval())) + " " + quote(duration(h.timeout()))
                + " " + quote(duration(h.startPeriod())) + " " + quote(duration(h.startInterval())) + " "
                + quoteRune(h.retries() == null ? 0 : h.retries()) + "}";
    }

    private static String duration(Long nanos) {
        return GoDuration.format(Duration.ofNanos(nanos == null ? 0 : nanos));
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    /** Go's {@code %q} of an int: a rune literal. */
    private static String quoteRune(int r) {
        if (r >= 0x20 && r < 0x7f) {
            return r == '\'' ? "'\\''" : r == '\\' ? "'\\\\'" : "'" + (char) r + "'";
        }
        return r < 0x100 ? String.format("'\\x%02x'", r) : String.format("'\\u%04x'", r);
    }
}
