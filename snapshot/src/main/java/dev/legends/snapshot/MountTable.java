package dev.legends.snapshot;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc/self/mountinfo to tell whether an overlay mount still writes into an upper dir. */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    static boolean usesUpperDir(Path upper) {
        String needle = "upperdir=" + escape(upper.toString());
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                int dash = line.indexOf(" - overlay ");
                if (dash < 0) {
                    continue;
                }
                int at = line.indexOf(needle, dash);
                while (at >= 0) {
                    int end = at + needle.length();
                    if (end == line.length() || line.charAt(end) == ',' || line.charAt(end) == ' ') {
                        return true;
                    }
                    at = line.indexOf(needle, end);
                }
            }
            return false;
        } catch (IOException e) {
            throw LegendsException.internal("read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String escape(String s) {
        return s.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }
}
