package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.util.regex.Pattern;

/**
 * An image name as docker reads it: {@code [registry[:port]/]path[:tag][@sha256:hex]}, normalised
 * the way docker normalises it ({@code busybox} is {@code docker.io/library/busybox:latest}), so
 * that the same image named two ways is found under one key.
 *
 * @param domain the registry host (and port), {@code docker.io} when none was given
 * @param path the repository path inside the registry, lowercase
 * @param tag the tag, {@code latest} when neither tag nor digest was given; null with a bare digest
 * @param digest the manifest digest, or null
 */
public record Reference(String domain, String path, String tag, Digest digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final int MAX_NAME = 255;

    // the grammar of distribution/reference (the library docker and podman parse names with)
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public Reference {
        if (domain == null || path == null) {
            throw new IllegalArgumentException("a reference needs a domain and a path");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
    }

    /** Parses and normalises a name; an invalid one is an invalid-argument error saying why. */
    public static Reference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "empty name");
        }
        if (HEX64.matcher(text).matches()) {
            throw invalid(text, "cannot specify 64-byte hexadecimal strings (is it an image id?)");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (LegendsException e) {
                throw invalid(text, "bad digest: " + e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "bad tag \"" + tag + "\"");
            }
        }
        return named(text, rest, tag, digest);
    }

    /** True when {@code text} parses as a reference. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (LegendsException e) {
            return false;
        }
    }

    private static Reference named(String text, String name, String tag, Digest digest) {
        if (name.isEmpty()) {
            throw invalid(text, "empty repository name");
        }
        String domain;
        String path;
        int slash = name.indexOf('/');
        String first = slash < 0 ? name : name.substring(0, slash);
        // like docker: the first component is a registry only if it looks like a host
        boolean hostLike = slash >= 0 && (first.contains(".") || first.contains(":")
                || first.equals("localhost") || !first.equals(first.toLowerCase(java.util.Locale.ROOT)));
        if (hostLike) {
            domain = first.equals(LEGACY_DOMAIN) ? DEFAULT_DOMAIN : first;
            path = name.substring(slash + 1);
        } else {
            domain = DEFAULT_DOMAIN;
            path = name;
        }
        if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw invalid(text, "bad registry host \"" + domain + "\"");
        }
        if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            throw invalid(text, "repository name must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(text, "bad repository path component \"" + component + "\"");
            }
        }
        if (domain.length() + 1 + path.length() > MAX_NAME) {
            throw invalid(text, "repository name must not be more than " + MAX_NAME + " characters");
        }
        return new Reference(domain, path, tag, digest);
    }

    private static LegendsException invalid(String text, String why) {
        return LegendsException.invalid("invalid reference \"" + text + "\": " + why);
    }

    /** {@code docker.io/library/busybox}: the key that tags live under. */
    public String repository() {
        return domain + "/" + path;
    }

    /** The short name docker prints: {@code busybox}, {@code user/app}, {@code localhost:5000/app}. */
    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return repository();
        }
        return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    /** The short form of the whole reference: {@code busybox:latest}. */
    public String familiar() {
        return familiarRepository() + suffix();
    }

    public Reference withTag(String newTag) {
        return parse(repository() + ":" + newTag);
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** The full, normalised form: {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return repository() + suffix();
    }
}
