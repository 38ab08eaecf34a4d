package dev.legends.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme and its parameters, such as
 * {@code Bearer realm="https://auth.example/token",service="registry.example"}.
 *
 * @param scheme lowercase ("basic", "bearer")
 */
record Challenge(String scheme, Map<String, String> params) {

    Challenge {
        params = Map.copyOf(params);
    }

    String param(String name) {
        return params.get(name);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    /** Every challenge in the given header values; unparseable ones are skipped. */
    static List<Challenge> parseAll(List<String> headers) {
        List<Challenge> all = new ArrayList<>();
        for (String h : headers) {
            all.addAll(new Parser(h).challenges());
        }
        return all;
    }

    /** A small hand-written scanner: the header mixes tokens, quoted strings and commas in both roles. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<Challenge> challenges() {
            List<Challenge> out = new ArrayList<>();
            skipSeparators();
            while (i < s.length()) {
                String scheme = token();
                if (scheme.isEmpty()) {
                    break;
                }
                Map<String, String> params = new LinkedHashMap<>();
                skipSpaces();
                // parameters continue while the next item is name=value; a bare token starts the next challenge
                while (i < s.length()) {
                    int mark = i;
                    String name = token();
                    skipSpaces();
                    if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
                        i = mark;
                        break;
                    }
                    i++;
                    skipSpaces();
                    params.put(name.toLowerCase(Locale.ROOT), i < s.length() && s.charAt(i) == '"' ? quoted() : token());
                    skipSeparators();
                }
                out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
                skipSeparators();
            }
            return out;
        }

        private String token() {
            int start = i;
            while (i < s.length() && " \t,=\"".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                b.append(c);
            }
            i++; // closing quote
            return b.toString();
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void skipSeparators() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }
    }
}
