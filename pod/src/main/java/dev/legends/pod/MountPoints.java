package dev.legends.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The daemon's mount table (/proc/self/mountinfo), for knowing whether a root filesystem is mounted. */
final class MountPoints {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountPoints() {}

    static boolean isMountPoint(Path dir) {
        return all().contains(dir.toAbsolutePath().normalize().toString());
    }

    /** Mount points at or below {@code dir}. */
    static List<Path> under(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<Path> out = new ArrayList<>();
        for (String m : all()) {
            if (m.equals(prefix) || m.startsWith(prefix + "/")) {
                out.add(Path.of(m));
            }
        }
        return out;
    }

    static List<String> all() {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] f = line.split(" ", 6);
                if (f.length > 4) {
                    out.add(unescape(f[4]));
                }
            }
        } catch (IOException e) {
            // no /proc: nothing is known to be mounted
        }
        return out;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
