package dev.legends.build.context;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --chown} specs to numeric owners, as docker resolves them: numbers as they are, names
 * through the {@code /etc/passwd} and {@code /etc/group} of the image being built (read inside its
 * rootfs, never the host's). A user without a group gets the same number as its group.
 */
public final class Owners {
    private Owners() {}

    public static Owner resolve(String spec, Path rootfs) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw LegendsException.invalid("invalid chown string format: " + spec);
        }
        int uid = number(parts[0]).orElseGet(() -> lookup(rootfs, "/etc/passwd", parts[0])
                .orElseThrow(() -> LegendsException.invalid("can't find uid for user " + parts[0] + ": no such user: " + parts[0])));
        if (parts.length == 1) {
            return new Owner(uid, uid);
        }
        int gid = number(parts[1]).orElseGet(() -> lookup(rootfs, "/etc/group", parts[1])
                .orElseThrow(() -> LegendsException.invalid("can't find gid for group " + parts[1] + ": no such group: " + parts[1])));
        return new Owner(uid, gid);
    }

    /** {@code --chmod=0755}: octal only. */
    public static int mode(String spec) {
        try {
            int m = Integer.parseInt(spec, 8);
            if (m >= 0 && m <= 07777) {
                return m;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw LegendsException.invalid("invalid chmod parameter: '" + spec + "'. it should be octal string and between 0 and 07777");
    }

    private static Optional<Integer> number(String s) {
        try {
            int n = Integer.parseInt(s);
            return n >= 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The third field of the line whose first field is {@code name} ({@code name:x:id:...}). */
    private static Optional<Integer> lookup(Path rootfs, String file, String name) {
        Path p = RootPath.resolve(rootfs, file);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(p);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name)) {
                return number(f[2]);
            }
        }
        return Optional.empty();
    }
}
