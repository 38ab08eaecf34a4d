package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry names inside an image archive. An archive is untrusted input: a name that is absolute or
 * climbs out with {@code ..} is refused outright rather than cleaned, because no honest archive
 * writer produces one.
 */
final class ArchivePaths {
    private static final Pattern BLOB = Pattern.compile("blobs/sha256/([0-9a-f]{64})");

    private ArchivePaths() {}

    /** {@code ./a//b/} becomes {@code a/b}; absolute names and {@code ..} are refused. */
    static String clean(String name) {
        if (name.startsWith("/") || name.indexOf('\0') >= 0) {
            throw unsafe(name);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw unsafe(name);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** The archive name a symlink at {@code name} points to; refused if it leaves the archive. */
    static String resolveLink(String name, String target) {
        if (target.startsWith("/")) {
            throw unsafe(name + " -> " + target);
        }
        Deque<String> parts = new ArrayDeque<>();
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            for (String p : name.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw unsafe(name + " -> " + target);
                }
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** The digest a {@code blobs/sha256/<hex>} name promises, or null for any other name. */
    static Digest blobDigest(String name) {
        Matcher m = BLOB.matcher(name);
        return m.matches() ? new Digest(m.group(1)) : null;
    }

    static String blobName(Digest digest) {
        return "blobs/sha256/" + digest.hex();
    }

    private static LegendsException unsafe(String name) {
        return LegendsException.invalid("entry " + name + ": unsafe path (absolute or outside the archive)");
    }
}
