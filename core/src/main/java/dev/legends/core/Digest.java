package dev.legends.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content address, {@code sha256:<64 hex>}, as OCI writes it. Only sha256 is accepted: it is
 * what every registry and runtime here produces, and refusing the rest keeps paths predictable.
 */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw LegendsException.invalid("invalid sha256 digest: " + hex);
        }
    }

    /** Parses {@code sha256:HEX}; anything else is an invalid-argument error naming the input. */
    public static Digest parse(String s) {
        if (s == null || !s.startsWith("sha256:")) {
            throw LegendsException.invalid("invalid digest " + s + ": expected sha256:<64 hex digits>");
        }
        return new Digest(s.substring(7));
    }

    public static Digest of(byte[] content) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(content)));
    }

    public static Digest of(MessageDigest finished) {
        return new Digest(HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** The first 12 hex digits, as docker shows image ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }
}
