package dev.legends.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Dockerfile text into logical lines, as buildkit's parser does: parser directives at the
 * top ({@code # escape=`}, {@code # syntax=...}), comment lines dropped (also inside a
 * continuation), lines joined where they end with the escape character, continuation lines kept
 * with their leading whitespace. Empty continuation lines are accepted with a warning.
 */
final class LineReader {
    /** One instruction's text and the line it starts on. */
    record Logical(int line, String text) {}

    record Result(List<Logical> lines, char escape, Optional<String> syntax, List<String> warnings) {}

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Set<String> KNOWN_DIRECTIVES = Set.of("escape", "syntax", "check");

    private final String file;
    private char escape = '\\';
    private Pattern continuation = continuationFor('\\');
    private String syntax;
    private boolean directivesDone;
    private final Set<String> seen = new HashSet<>();

    private LineReader(String file) {
        this.file = file;
    }

    static Result read(String file, String text) {
        return new LineReader(file).readAll(text);
    }

    private Result readAll(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] raw = text.split("\r?\n", -1);
        List<Logical> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int i = 0;
        while (i < raw.length) {
            String first = stripLeading(raw[i]);
            int start = ++i;
            directive(first, start);
            if (first.startsWith("#")) {
                continue;
            }
            Matcher m = continuation.matcher(first);
            boolean continues = m.find();
            StringBuilder line = new StringBuilder(continues ? first.substring(0, m.start()) : first);
            if (!continues && line.isEmpty()) {
                continue;
            }
            boolean emptyContinuation = false;
            while (continues && i < raw.length) {
                String next = raw[i++];
                String trimmed = stripLeading(next);
                if (trimmed.startsWith("#")) {
                    continue; // a comment inside a continuation is dropped, the continuation goes on
                }
                if (trimmed.isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                Matcher n = continuation.matcher(next);
                continues = n.find();
                line.append(continues ? next.substring(0, n.start()) : next);
            }
            if (emptyContinuation) {
                warnings.add(file + ":" + start + ": empty continuation line (will become an error in a future release)");
            }
            out.add(new Logical(start, line.toString()));
        }
        return new Result(out, escape, Optional.ofNullable(syntax), warnings);
    }

    /** Parser directives count only before the first comment, blank line or instruction. */
    private void directive(String line, int lineNo) {
        if (directivesDone) {
            return;
        }
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches() || !KNOWN_DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
            directivesDone = true;
            return;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        Origin at = new Origin(file, lineNo, line);
        if (!seen.add(name)) {
            throw at.error("only one " + name + " parser directive can be used");
        }
        switch (name) {
            case "escape" -> {
                String v = m.group(2);
                if (!v.equals("`") && !v.equals("\\")) {
                    throw at.error("invalid escape token '" + v + "' does not match ` or \\");
                }
                escape = v.charAt(0);
                continuation = continuationFor(escape);
            }
            case "syntax" -> syntax = m.group(2);
            default -> { } // check=...: lint settings, nothing to do for a build
        }
    }

    private static Pattern continuationFor(char escape) {
        return Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    }

    static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }
}
