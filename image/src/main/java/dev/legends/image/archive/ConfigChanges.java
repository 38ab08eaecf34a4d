package dev.legends.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Dockerfile instructions {@code docker import --change} accepts, applied to a run config:
 * CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR.
 */
final class ConfigChanges {
    private ConfigChanges() {}

    static ContainerConfig apply(ContainerConfig base, List<String> changes) {
        List<String> env = base.env() == null ? null : new ArrayList<>(base.env());
        List<String> cmd = base.cmd();
        List<String> entrypoint = base.entrypoint();
        Map<String, Map<String, Object>> ports = copy(base.exposedPorts());
        Map<String, Map<String, Object>> volumes = copy(base.volumes());
        Map<String, String> labels = base.labels() == null ? null : new LinkedHashMap<>(base.labels());
        String user = base.user();
        String workdir = base.workingDir();
        String stopSignal = base.stopSignal();
        for (String change : changes) {
            String line = change.strip();
            int space = indexOfSpace(line);
            String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String args = space < 0 ? "" : line.substring(space).strip();
            if (args.isEmpty()) {
                throw invalid(change, "needs an argument");
            }
            switch (instruction) {
                case "CMD" -> cmd = command(change, args);
                case "ENTRYPOINT" -> entrypoint = command(change, args);
                case "ENV" -> {
                    env = env == null ? new ArrayList<>() : env;
                    for (Map.Entry<String, String> kv : pairs(change, args).entrySet()) {
                        String prefix = kv.getKey() + "=";
                        env.removeIf(e -> e.startsWith(prefix));
                        env.add(prefix + kv.getValue());
                    }
                }
                case "LABEL" -> {
                    labels = labels == null ? new LinkedHashMap<>() : labels;
                    labels.putAll(pairs(change, args));
                }
                case "EXPOSE" -> {
                    ports = ports == null ? new LinkedHashMap<>() : ports;
                    for (String port : words(args)) {
                        ports.put(port.contains("/") ? port : port + "/tcp", Map.of());
                    }
                }
                case "VOLUME" -> {
                    volumes = volumes == null ? new LinkedHashMap<>() : volumes;
                    for (String v : args.startsWith("[") ? jsonArray(change, args) : words(args)) {
                        volumes.put(v, Map.of());
                    }
                }
                case "USER" -> user = args;
                case "WORKDIR" -> workdir = args;
                case "STOPSIGNAL" -> stopSignal = args;
                default -> throw invalid(change, "unsupported; use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME or WORKDIR");
            }
        }
        return new ContainerConfig(user, ports, env, entrypoint, cmd, volumes, workdir, labels, stopSignal,
                base.healthcheck(), base.shell(), base.argsEscaped(), base.onBuild());
    }

    /** The exec form (a JSON array) as is; the shell form through /bin/sh -c, as docker does. */
    private static List<String> command(String change, String args) {
        if (args.startsWith("[")) {
            return jsonArray(change, args);
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static List<String> jsonArray(String change, String args) {
        JsonNode node;
        try {
            node = Json.read(args.getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
        } catch (LegendsException e) {
            throw invalid(change, "not a JSON array of strings");
        }
        List<String> out = new ArrayList<>();
        if (!node.isArray()) {
            throw invalid(change, "not a JSON array of strings");
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw invalid(change, "not a JSON array of strings");
            }
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    /** {@code K=V K2="v 2"}, or the legacy {@code K some value} form. */
    private static Map<String, String> pairs(String change, String args) {
        List<String> words = words(args);
        Map<String, String> out = new LinkedHashMap<>();
        if (!words.getFirst().contains("=")) {
            int space = indexOfSpace(args);
            if (space < 0) {
                throw invalid(change, "expected KEY=VALUE or KEY VALUE");
            }
            out.put(args.substring(0, space), unquote(args.substring(space).strip()));
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw invalid(change, "expected KEY=VALUE, got " + w);
            }
            out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }

    /** Splits on blanks outside double quotes; quotes are removed, backslash escapes the next char. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> m) {
        return m == null ? null : new LinkedHashMap<>(m);
    }

    private static LegendsException invalid(String change, String why) {
        return LegendsException.invalid("change \"" + change + "\": " + why);
    }
}
