package dev.legends.build.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code .dockerignore} rules, with moby's semantics: one pattern a line, {@code #} lines
 * are comments, patterns are cleaned and made relative to the context, {@code !} re-includes,
 * later lines win, and a path is excluded when it or one of its parent directories matches.
 */
public final class DockerIgnore {
    private record Rule(String cleaned, Pattern regex, boolean exception) {}

    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : t.split("\r?\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String p = line.strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean exception = p.startsWith("!");
            if (exception) {
                p = p.substring(1).strip();
            }
            if (!p.isEmpty()) {
                p = CleanPath.clean(p);
                if (p.length() > 1 && p.startsWith("/")) {
                    p = p.substring(1);
                }
            }
            rules.add(new Rule(p, Glob.compile(p, true), exception));
        }
        return new DockerIgnore(rules);
    }

    /** Whether {@code rel} (relative to the context, {@code /}-separated) is left out of the build. */
    public boolean excluded(String rel) {
        if (rules.isEmpty() || rel.isEmpty()) {
            return false;
        }
        String[] parents = rel.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            // an exception can only change an excluded path, an exclusion only an included one
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.regex().matcher(rel).matches();
            StringBuilder parent = new StringBuilder();
            for (int i = 0; !match && i < parents.length - 1; i++) {
                parent.append(i == 0 ? "" : "/").append(parents[i]);
                match = rule.regex().matcher(parent).matches();
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /**
     * Whether an exception might re-include something under the excluded directory {@code dir},
     * so that a walk must still look inside it. Errs on the side of looking.
     */
    public boolean mayIncludeUnder(String dir) {
        for (Rule rule : rules) {
            if (rule.exception() && (Glob.hasWildcards(rule.cleaned()) || (rule.cleaned() + "/").startsWith(dir + "/"))) {
                return true;
            }
        }
        return false;
    }
}
