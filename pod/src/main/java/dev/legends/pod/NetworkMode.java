package dev.legends.pod;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.legends.core.LegendsException;
import java.util.Locale;

/**
 * A container's network until the network layer arrives: a namespace of its own holding only
 * loopback (the default, and what {@code none} means), or the host's.
 */
public enum NetworkMode {
    DEFAULT, NONE, HOST;

    @JsonCreator
    public static NetworkMode parse(String s) {
        if (s == null || s.isBlank()) {
            return DEFAULT;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "default", "bridge" -> DEFAULT;
            case "none" -> NONE;
            case "host" -> HOST;
            default -> throw LegendsException.invalid("invalid network " + s + ": use none or host (bridge networks are not there yet)");
        };
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
