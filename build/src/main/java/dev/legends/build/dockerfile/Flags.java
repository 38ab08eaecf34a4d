package dev.legends.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --name=value} words that may start an instruction's arguments. They are split off
 * for every instruction; each instruction then says which it accepts, so {@code CMD --help}
 * fails like it does in docker instead of silently becoming the command.
 */
final class Flags {
    enum Kind { BOOL, STRING, STRINGS }

    /** The flag words and the text after them. */
    record Split(List<String> flags, String rest) {}

    private final Map<String, List<String>> values = new HashMap<>();

    private Flags() {}

    static Split split(String line) {
        List<String> words = new ArrayList<>();
        int pos = 0;
        int n = line.length();
        while (true) {
            while (pos < n && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos + 1 >= n || line.charAt(pos) != '-' || line.charAt(pos + 1) != '-') {
                return new Split(words, line.substring(Math.min(pos, n)));
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (pos < n && (quote != 0 || !Character.isWhitespace(line.charAt(pos)))) {
                char ch = line.charAt(pos++);
                if (quote == 0 && (ch == '"' || ch == '\'')) {
                    quote = ch;
                } else if (quote != 0 && ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && pos < n) {
                    word.append(line.charAt(pos++));
                } else if (ch != '\\') {
                    word.append(ch);
                }
            }
            if (word.toString().equals("--")) {
                return new Split(words, line.substring(pos));
            }
            words.add(word.toString());
        }
    }

    /** Checks {@code words} against the flags {@code allowed} and keeps their values. */
    static Flags parse(List<String> words, Map<String, Kind> allowed, Origin at) {
        Flags f = new Flags();
        for (String word : words) {
            String body = word.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            Kind kind = allowed.get(name);
            if (kind == null) {
                throw at.error("unknown flag: " + name);
            }
            if (f.values.containsKey(name) && kind != Kind.STRINGS) {
                throw at.error("duplicate flag specified: " + name);
            }
            if (kind == Kind.BOOL) {
                if (value != null && value.isEmpty()) {
                    throw at.error("missing a value on flag: " + name);
                }
                String v = value == null ? "true" : value.toLowerCase(java.util.Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw at.error("expecting boolean value for flag " + name + ", not: " + value);
                }
                value = v;
            } else if (value == null) {
                throw at.error("missing a value on flag: " + name);
            }
            f.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return f;
    }

    Optional<String> string(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getLast());
    }

    List<String> strings(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    boolean bool(String name) {
        return string(name).map(Boolean::parseBoolean).orElse(false);
    }
}
