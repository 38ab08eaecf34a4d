package dev.legends.snapshot.archive;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;

/** Cleans tar member names into path components below the root, refusing any way out of it. */
final class EntryNames {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    /** aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs) that some old layers carry; never applied. */
    static final String AUFS_META = ".wh..wh.";

    private EntryNames() {}

    /**
     * The components of {@code name}: empty ones and "." dropped, a leading "/" stripped as tar does.
     * Any ".." is refused outright rather than resolved, as GNU tar does: a layer has no reason to
     * climb, and resolving it is where path traversal bugs live.
     */
    static String[] components(String name) {
        if (name.isEmpty()) {
            throw LegendsException.invalid("entry with an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw LegendsException.invalid("entry " + name.replace('\0', '?') + " has a NUL in its name");
        }
        List<String> parts = new ArrayList<>(8);
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                String part = name.substring(start, i);
                if (part.equals("..")) {
                    throw LegendsException.invalid("entry " + name + " escapes the root");
                }
                if (!part.isEmpty() && !part.equals(".")) {
                    parts.add(part);
                }
                start = i + 1;
            }
        }
        return parts.toArray(String[]::new);
    }

    /** The relative path the components spell, "" for the root. */
    static String join(String[] parts, int count) {
        if (count == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(parts[i]);
        }
        return b.toString();
    }

    /**
     * Whether a symlink at {@code parts} with {@code target} stays inside the root when resolved
     * lexically. An absolute target counts as relative to the root, which is how the container
     * sees it (/bin -> /usr/bin is everywhere); a relative one may not climb above the root.
     */
    static boolean symlinkStaysInside(String[] parts, String target) {
        if (target.startsWith("/")) {
            return true;
        }
        int depth = parts.length - 1; // the directory holding the link
        int start = 0;
        for (int i = 0; i <= target.length(); i++) {
            if (i == target.length() || target.charAt(i) == '/') {
                String part = target.substring(start, i);
                if (part.equals("..")) {
                    if (--depth < 0) {
                        return false;
                    }
                } else if (!part.isEmpty() && !part.equals(".")) {
                    depth++;
                }
                start = i + 1;
            }
        }
        return true;
    }
}
