package dev.legends.runtime;

import java.time.Instant;

/** One line a container wrote, stamped by the monitor when it read it. */
public record LogLine(Instant time, Stream stream, String text) {
    public enum Stream { STDOUT, STDERR }

    @Override
    public String toString() {
        return time + " " + stream.name().toLowerCase(java.util.Locale.ROOT) + " " + text;
    }
}
