package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code --user}: {@code name}, {@code uid}, {@code name:group}, {@code uid:gid} and the
 * mixes, resolved against the container's /etc/passwd and /etc/group. A numeric uid need not be
 * in passwd (its gid is then 0); a name must be. Supplementary groups are those of /etc/group
 * that list the user.
 */
final class Users {
    private Users() {}

    static User resolve(Path rootfs, String spec) {
        String s = spec == null ? "" : spec.strip();
        String userPart = s;
        String groupPart = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            userPart = s.substring(0, colon);
            groupPart = s.substring(colon + 1);
        }
        if (userPart.isEmpty()) {
            userPart = "0";
        }
        List<String[]> passwd = read(rootfs, "/etc/passwd");
        String[] entry = null;
        long uid;
        if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            entry = passwd.stream().filter(e -> e.length > 3 && e[2].equals(Long.toString(uid))).findFirst().orElse(null);
        } else {
            String name = userPart;
            entry = passwd.stream().filter(e -> e.length > 3 && e[0].equals(name)).findFirst()
                    .orElseThrow(() -> LegendsException.invalid("unable to find user " + name + ": no matching entries in passwd file"));
            uid = number(entry[2], "uid of " + name);
        }
        long gid = entry == null ? 0 : number(entry[3], "gid of " + entry[0]);
        List<String[]> groups = read(rootfs, "/etc/group");
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                String name = groupPart;
                String[] g = groups.stream().filter(e -> e.length > 2 && e[0].equals(name)).findFirst()
                        .orElseThrow(() -> LegendsException.invalid("unable to find group " + name + ": no matching entries in group file"));
                gid = number(g[2], "gid of group " + name);
            }
        }
        List<Long> extra = new ArrayList<>();
        if (entry != null) {
            String name = entry[0];
            for (String[] g : groups) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(name)) {
                    long id = number(g[2], "gid of group " + g[0]);
                    if (id != gid && !extra.contains(id)) {
                        extra.add(id);
                    }
                }
            }
        }
        return new User(uid, gid, extra);
    }

    /** The colon-separated entries of a passwd-style file; empty when the image has none. */
    private static List<String[]> read(Path rootfs, String file) {
        Path p = RootPaths.resolve(rootfs, file);
        try {
            List<String[]> out = new ArrayList<>();
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(":", -1));
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw LegendsException.invalid("read " + file + " of the image: " + e.getMessage());
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 11;
    }

    private static long number(String s, String what) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("malformed " + what + " in the image: " + s);
        }
    }
}
