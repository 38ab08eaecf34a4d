package dev.legends.build.dockerfile;

import dev.legends.core.LegendsException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Variable substitution and quote removal in one word, as docker's builder does it (buildkit's
 * shell lexer): {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
 * {@code ${VAR:+alt}}, {@code ${VAR+alt}}, {@code ${VAR:?msg}}, {@code ${VAR#pat}} / {@code ##} /
 * {@code %} / {@code %%}; single quotes keep everything literal, double quotes allow
 * substitution, the escape character makes the next character literal ({@code \$}).
 * An unset variable expands to the empty string.
 */
public final class Substitution {
    private final String src;
    private final Map<String, String> vars;
    private final char escape;
    private int pos;

    private Substitution(String src, Map<String, String> vars, char escape) {
        this.src = src;
        this.vars = vars;
        this.escape = escape;
    }

    /** {@code word} with variables substituted and quotes removed; a syntax error is invalid-argument. */
    public static String expand(String word, Map<String, String> vars, char escape) {
        try {
            return new Substitution(word, vars, escape).until(-1, false);
        } catch (IllegalArgumentException e) {
            throw LegendsException.invalid("failed to process \"" + word + "\": " + e.getMessage());
        }
    }

    private String until(int stop, boolean rawEscapes) {
        StringBuilder out = new StringBuilder();
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (stop != -1 && ch == stop) {
                pos++;
                return out.toString();
            }
            switch (ch) {
                case '\'' -> out.append(singleQuoted());
                case '"' -> out.append(doubleQuoted());
                case '$' -> out.append(dollar());
                default -> {
                    pos++;
                    if (ch == escape) {
                        if (rawEscapes) {
                            out.append(ch);
                        }
                        if (pos >= src.length()) {
                            return stop == -1 ? out.toString() : unterminated(stop);
                        }
                        ch = src.charAt(pos++);
                    }
                    out.append(ch);
                }
            }
        }
        return stop == -1 ? out.toString() : unterminated(stop);
    }

    private static String unterminated(int stop) {
        throw new IllegalArgumentException("unexpected end of statement while looking for matching " + (char) stop);
    }

    private String singleQuoted() {
        int end = src.indexOf('\'', pos + 1);
        if (end < 0) {
            throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
        }
        String s = src.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private String doubleQuoted() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
            }
            char ch = src.charAt(pos);
            if (ch == '"') {
                pos++;
                return out.toString();
            }
            if (ch == '$') {
                out.append(dollar());
                continue;
            }
            pos++;
            if (ch == escape) {
                if (pos >= src.length()) {
                    continue;
                }
                char next = src.charAt(pos);
                if (next == '"' || next == '$' || next == escape) {
                    ch = next; // only these can be escaped inside double quotes; other escapes stay
                    pos++;
                }
            }
            out.append(ch);
        }
    }

    private String dollar() {
        pos++;
        if (pos >= src.length() || src.charAt(pos) != '{') {
            String name = name();
            return name.isEmpty() ? "$" : vars.getOrDefault(name, "");
        }
        pos++;
        if (pos >= src.length()) {
            throw new IllegalArgumentException("syntax error: missing '}'");
        }
        char first = src.charAt(pos);
        if (first == '{' || first == '}' || first == ':') {
            throw new IllegalArgumentException("syntax error: bad substitution");
        }
        String name = name();
        if (pos >= src.length()) {
            throw new IllegalArgumentException("syntax error: missing '}'");
        }
        char ch = src.charAt(pos++);
        if (ch == '}') {
            return vars.getOrDefault(name, "");
        }
        String modifier = String.valueOf(ch);
        boolean nullIsUnset = false;
        if (ch == ':') {
            nullIsUnset = true;
            if (pos >= src.length()) {
                throw new IllegalArgumentException("syntax error: missing '}'");
            }
            ch = src.charAt(pos++);
            modifier += ch;
        }
        if ("+-?#%".indexOf(ch) < 0) {
            throw new IllegalArgumentException("unsupported modifier (" + modifier + ") in substitution");
        }
        String word;
        try {
            word = until('}', ch == '#' || ch == '%');
        } catch (IllegalArgumentException e) {
            throw pos >= src.length() ? new IllegalArgumentException("syntax error: missing '}'") : e;
        }
        String value = vars.get(name);
        boolean unset = value == null || (nullIsUnset && value.isEmpty());
        return switch (ch) {
            case '-' -> unset ? word : value;
            case '+' -> unset ? "" : word;
            case '?' -> {
                if (unset) {
                    String why = value == null ? "is not allowed to be unset" : "is not allowed to be empty";
                    throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? why : word));
                }
                yield value;
            }
            default -> trim(value == null ? "" : value, word, ch == '#');
        };
    }

    /** {@code ${v#pat}}: shortest prefix; {@code ##}: longest; {@code %} and {@code %%} for suffixes. */
    private String trim(String value, String word, boolean prefix) {
        char op = prefix ? '#' : '%';
        boolean greedy = word.startsWith(String.valueOf(op));
        Pattern p = Pattern.compile(shellPattern(greedy ? word.substring(1) : word), Pattern.DOTALL);
        int n = value.length();
        for (int k = 0; k <= n; k++) {
            int len = greedy ? n - k : k;
            String part = prefix ? value.substring(0, len) : value.substring(n - len);
            if (p.matcher(part).matches()) {
                return prefix ? value.substring(len) : value.substring(0, n - len);
            }
        }
        return value;
    }

    private String shellPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == escape && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    private String name() {
        int start = pos;
        if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            return src.substring(start, pos);
        }
        if (pos < src.length() && "@*#?-$!0".indexOf(src.charAt(pos)) >= 0) {
            return String.valueOf(src.charAt(pos++));
        }
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        return src.substring(start, pos);
    }
}
