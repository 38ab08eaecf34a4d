package dev.legends.build.context;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} patterns as regular expressions: {@code *} and {@code ?} stop at
 * {@code /}, {@code [a-z]} and {@code [^a-z]} are classes, a backslash quotes the next character.
 * With {@code doubleStar} (.dockerignore), {@code **} spans any number of directories, as
 * moby's patternmatcher has it.
 */
final class Glob {
    private Glob() {}

    static Pattern compile(String glob, boolean doubleStar) {
        StringBuilder re = new StringBuilder("^");
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (doubleStar && i + 1 < n && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && glob.charAt(i + 1) == '/') {
                            i++;
                        }
                        re.append(i + 1 >= n ? ".*" : "(.*/)?");
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 < n) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                case '[' -> i = charClass(glob, i, re);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.append('$').toString(), Pattern.DOTALL);
    }

    /** Copies {@code [...]} starting at {@code open}; returns the index of its {@code ]}. */
    private static int charClass(String glob, int open, StringBuilder re) {
        int i = open + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < glob.length() && (glob.charAt(i) == '^' || glob.charAt(i) == '!')) {
            cls.append('^');
            i++;
        }
        for (; i < glob.length() && glob.charAt(i) != ']'; i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                c = glob.charAt(++i);
            }
            if (c == '-' ) {
                cls.append('-');
            } else {
                cls.append(c == '[' || c == '&' || c == '\\' || c == '^' ? "\\" + c : String.valueOf(c));
            }
        }
        if (i >= glob.length()) {
            throw new IllegalArgumentException("syntax error in pattern: " + glob);
        }
        re.append(cls).append(']');
        return i;
    }

    /** True if {@code s} has an unquoted {@code *}, {@code ?} or {@code [}. */
    static boolean hasWildcards(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }
}
