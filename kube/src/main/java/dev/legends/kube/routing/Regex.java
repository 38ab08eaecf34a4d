package dev.legends.kube.routing;

/**
 * Literal text in regular expressions that gateways (RE2, PCRE, java.util.regex) all read the
 * same way: every metacharacter behind a backslash, no \Q...\E, which RE2-based gateways lack.
 */
final class Regex {
    private static final String META = "\\.^$|?*+()[]{}";

    private Regex() {
    }

    static String quote(String literal) {
        StringBuilder b = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (META.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The literal a {@link #quote}d pattern stands for, or null when the pattern is not one. */
    static String unquote(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 == pattern.length() || META.indexOf(pattern.charAt(i + 1)) < 0) {
                    return null;
                }
                b.append(pattern.charAt(++i));
            } else if (META.indexOf(c) >= 0) {
                return null;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Index of the first unescaped {@code stop} in {@code pattern}, or -1. */
    static int literalPrefixEnd(String pattern, char stop) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == stop) {
                return i;
            }
        }
        return -1;
    }
}
