package dev.legends.build.local;

import dev.legends.build.context.RootPath;
import dev.legends.core.LegendsException;
import dev.legends.runtime.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A RUN step's USER as docker resolves it, in the rootfs being built (never the host's files):
 * {@code name} or {@code uid}, optionally {@code :group} or {@code :gid}. Without a group, the
 * user's primary group from /etc/passwd (0 for a uid it does not list); a named user also gets
 * the groups /etc/group lists it in.
 */
final class RunUser {
    private RunUser() {}

    static User resolve(String spec, Path rootfs) {
        if (spec == null || spec.isEmpty()) {
            return User.ROOT;
        }
        String[] parts = spec.split(":", 2);
        List<String[]> passwd = entries(rootfs, "/etc/passwd");
        List<String[]> groups = entries(rootfs, "/etc/group");
        Optional<String[]> pw = passwd.stream()
                .filter(f -> f[0].equals(parts[0]) || (isNumber(parts[0]) && f[2].equals(parts[0]))).findFirst();
        long uid;
        if (isNumber(parts[0])) {
            uid = Long.parseLong(parts[0]);
        } else {
            uid = pw.map(f -> number(f[2], spec)).orElseThrow(() -> LegendsException.invalid(
                    "unable to find user " + parts[0] + ": no matching entries in passwd file"));
        }
        long gid;
        if (parts.length == 2) {
            gid = isNumber(parts[1]) ? Long.parseLong(parts[1]) : groups.stream().filter(f -> f[0].equals(parts[1]))
                    .findFirst().map(f -> number(f[2], spec)).orElseThrow(() -> LegendsException.invalid(
                            "unable to find group " + parts[1] + ": no matching entries in group file"));
        } else {
            gid = pw.map(f -> number(f[3], spec)).orElse(0L);
        }
        List<Long> extra = new ArrayList<>();
        if (parts.length == 1 && pw.isPresent()) {
            String name = pw.get()[0];
            for (String[] g : groups) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(name) && isNumber(g[2]) && Long.parseLong(g[2]) != gid) {
                    extra.add(Long.parseLong(g[2]));
                }
            }
        }
        return new User(uid, gid, extra);
    }

    /** The colon-separated lines with at least the name, password and id fields (and a gid for passwd). */
    private static List<String[]> entries(Path rootfs, String file) {
        Path p = RootPath.resolve(rootfs, file);
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        try {
            return Files.readAllLines(p).stream().map(l -> l.split(":", -1)).filter(f -> f.length >= 4).toList();
        } catch (IOException e) {
            throw LegendsException.invalid("read " + file + " in the build rootfs: " + e.getMessage());
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 11;
    }

    private static long number(String s, String spec) {
        if (!isNumber(s)) {
            throw LegendsException.invalid("user " + spec + ": malformed id " + s + " in the image's passwd or group file");
        }
        return Long.parseLong(s);
    }
}
