package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.nio.file.Path;

/** Something mounted into the container besides its root filesystem. */
public sealed interface Mount {
    /** Where the mount appears inside the container; must be absolute. */
    String destination();

    /** A host file or directory, as docker's {@code -v SRC:DST[:ro]}. */
    record Bind(Path source, String destination, boolean readOnly) implements Mount {}

    /** A fresh tmpfs; {@code sizeBytes} 0 means the kernel's default (half of RAM). */
    record Tmpfs(String destination, long sizeBytes) implements Mount {}

    static Mount bind(Path source, String destination, boolean readOnly) {
        return new Bind(source, destination, readOnly);
    }

    static Mount tmpfs(String destination, long sizeBytes) {
        return new Tmpfs(destination, sizeBytes);
    }

    /** Parses {@code SRC:DST[:ro|rw]}; the source must be a host path (named volumes live above us). */
    static Mount parseVolume(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw LegendsException.invalid("invalid volume " + spec + ": expected SRC:DST[:ro]");
        }
        boolean ro = false;
        if (p.length == 3) {
            ro = switch (p[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw LegendsException.invalid("invalid volume " + spec + ": unknown mode " + p[2] + " (ro or rw)");
            };
        }
        return new Bind(Path.of(p[0]), p[1], ro);
    }
}
