package dev.legends.workload.port;

import java.util.Objects;

/** Sends requests whose header, cookie or query parameter matches to one version (A/B testing, previews). */
public record RouteMatch(Source source, String name, Op op, String value, String version) {
    public enum Source { HEADER, COOKIE, QUERY }

    /** PRESENT ignores {@code value}; REGEX is a java.util.regex pattern matched against the whole value. */
    public enum Op { EXACT, PREFIX, REGEX, PRESENT }

    public RouteMatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(version, "version");
        if (op != Op.PRESENT && value == null) {
            throw new IllegalArgumentException(source + " " + name + ": " + op + " needs a value");
        }
    }

    public static RouteMatch header(String name, String value, String version) {
        return new RouteMatch(Source.HEADER, name, Op.EXACT, value, version);
    }

    public static RouteMatch cookie(String name, String value, String version) {
        return new RouteMatch(Source.COOKIE, name, Op.EXACT, value, version);
    }
}
