package dev.legends.pod;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.legends.core.LegendsException;
import java.util.Locale;

/**
 * A container's network: {@code default}, a namespace of its own attached to networks (the
 * default network {@code legends} unless others are named; loopback only on an engine opened
 * without networking); {@code none}, a namespace with loopback only; {@code host}, the host's.
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
            default -> throw LegendsException.invalid("invalid network mode " + s + ": use default, none or host");
        };
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
