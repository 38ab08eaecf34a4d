package dev.legends.workload.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code kind: App} manifests (YAML or JSON) into {@link AppManifest}s. Every problem is one
 * {@link LegendsException#invalid} line that names the field: {@code spec.replicas: must be >= 0}.
 */
public final class Manifests {
    /** DNS-1123 label, as Kubernetes names: the app's pods are named after it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SPEC_FIELDS = Set.of("image", "command", "args", "env", "replicas", "ports",
            "readinessProbe", "livenessProbe", "startupProbe", "resources", "network", "route", "strategy", "volumes");

    private Manifests() {}

    /** Parses and validates one manifest. */
    public static AppManifest parse(String text) {
        if (text == null || text.isBlank()) {
            throw LegendsException.invalid("manifest: empty");
        }
        JsonNode root;
        try {
            ObjectMapper m = text.stripLeading().startsWith("{") ? Json.mapper() : YAML;
            root = m.readTree(text);
        } catch (JsonProcessingException e) {
            String msg = String.valueOf(e.getOriginalMessage());
            throw LegendsException.invalid("manifest: not valid YAML or JSON: " + msg.lines().findFirst().orElse(msg));
        }
        return parse(root);
    }

    public static AppManifest parse(JsonNode root) {
        Fields f = new Fields();
        f.object(root, "manifest");
        String apiVersion = f.requiredText(root, "apiVersion");
        if (!apiVersion.equals(AppManifest.API_VERSION)) {
            throw f.bad("apiVersion", "must be " + AppManifest.API_VERSION + ", not " + apiVersion);
        }
        String kind = f.requiredText(root, "kind");
        if (!kind.equals(AppManifest.KIND)) {
            throw f.bad("kind", "must be " + AppManifest.KIND + ", not " + kind);
        }
        JsonNode meta = f.requiredObject(root, "metadata");
        String name = f.requiredText(meta, "metadata.name");
        if (name.length() > 40 || !NAME.matcher(name).matches()) {
            throw f.bad("metadata.name", "must be lower-case letters, digits and '-', start and end alphanumeric, at most 40 characters: " + name);
        }
        Map<String, String> annotations = f.stringMap(meta.get("annotations"), "metadata.annotations");
        JsonNode spec = f.requiredObject(root, "spec");
        spec.fieldNames().forEachRemaining(n -> {
            if (!SPEC_FIELDS.contains(n)) {
                throw f.bad("spec." + n, "unknown field (known: " + String.join(", ", SPEC_FIELDS.stream().sorted().toList()) + ")");
            }
        });
        String image = f.requiredText(spec, "spec.image");
        if (image.isBlank()) {
            throw f.bad("spec.image", "must not be empty");
        }
        int replicas = f.integer(spec.get("replicas"), "spec.replicas", 1);
        if (replicas < 0) {
            throw f.bad("spec.replicas", "must be >= 0");
        }
        if (replicas > 100) {
            throw f.bad("spec.replicas", "must be <= 100 on one host");
        }
        List<PodTemplate.Port> ports = ports(f, spec.get("ports"));
        PodTemplate template = new PodTemplate(image, f.strings(spec.get("command"), "spec.command"),
                f.strings(spec.get("args"), "spec.args"), env(f, spec.get("env")), ports,
                Probes.parse(f, spec.get("readinessProbe"), "spec.readinessProbe", ports, false),
                Probes.parse(f, spec.get("livenessProbe"), "spec.livenessProbe", ports, true),
                Probes.parse(f, spec.get("startupProbe"), "spec.startupProbe", ports, true),
                resources(f, spec.get("resources")), volumes(f, spec.get("volumes")));
        return new AppManifest(name, annotations, template, replicas, network(f, spec.get("network")),
                route(f, spec.get("route"), ports), strategy(f, spec.get("strategy")));
    }

    private static List<PodTemplate.Port> ports(Fields f, JsonNode node) {
        List<PodTemplate.Port> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        f.array(node, "spec.ports");
        for (int i = 0; i < node.size(); i++) {
            String at = "spec.ports[" + i + "]";
            JsonNode p = node.get(i);
            f.object(p, at);
            int port = f.integer(p.get("containerPort"), at + ".containerPort", -1);
            if (port < 1 || port > 65535) {
                throw f.bad(at + ".containerPort", port == -1 ? "required" : "must be in 1..65535");
            }
            String pname = f.text(p.get("name"), at + ".name");
            if (out.stream().anyMatch(o -> o.containerPort() == port)) {
                throw f.bad(at + ".containerPort", "duplicate port " + port);
            }
            out.add(new PodTemplate.Port(port, pname));
        }
        return out;
    }

    /** {name, mountPath, readOnly}: names as Kubernetes' (DNS labels), absolute and distinct mount paths. */
    private static List<PodTemplate.Volume> volumes(Fields f, JsonNode node) {
        List<PodTemplate.Volume> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        f.array(node, "spec.volumes");
        Set<String> names = new java.util.HashSet<>();
        Set<String> paths = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "spec.volumes[" + i + "]";
            f.object(node.get(i), at);
            String name = f.requiredText(node.get(i), at + ".name");
            String path = f.requiredText(node.get(i), at + ".mountPath");
            if (name.length() > 40 || !NAME.matcher(name).matches()) {
                throw f.bad(at + ".name", "must be lower-case letters, digits and '-', start and end alphanumeric, at most 40 characters: " + name);
            }
            if (!path.startsWith("/") || path.equals("/") || path.contains(":")) {
                throw f.bad(at + ".mountPath", "must be an absolute path below / without ':': " + path);
            }
            if (!names.add(name)) {
                throw f.bad(at + ".name", "a second volume named " + name);
            }
            if (!paths.add(path)) {
                throw f.bad(at + ".mountPath", "a second volume at " + path);
            }
            JsonNode ro = node.get(i).get("readOnly");
            out.add(new PodTemplate.Volume(name, path, ro != null && ro.asBoolean(false)));
        }
        return out;
    }

    /** Kubernetes' list of {name, value}, or a plain map. */
    private static List<PodTemplate.EnvVar> env(Fields f, JsonNode node) {
        List<PodTemplate.EnvVar> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isObject()) {
            f.stringMap(node, "spec.env").forEach((k, v) -> out.add(new PodTemplate.EnvVar(k, v)));
        } else {
            f.array(node, "spec.env");
            for (int i = 0; i < node.size(); i++) {
                String at = "spec.env[" + i + "]";
                f.object(node.get(i), at);
                out.add(new PodTemplate.EnvVar(f.requiredText(node.get(i), at + ".name"),
                        f.text(node.get(i).get("value"), at + ".value")));
            }
        }
        for (int i = 0; i < out.size(); i++) {
            if (!ENV_NAME.matcher(out.get(i).name()).matches()) {
                throw f.bad("spec.env[" + i + "].name", "not a valid variable name: " + out.get(i).name());
            }
            out.set(i, new PodTemplate.EnvVar(out.get(i).name(), out.get(i).value() == null ? "" : out.get(i).value()));
        }
        return out;
    }

    private static PodTemplate.Resources resources(Fields f, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        f.object(node, "spec.resources");
        // Kubernetes nests them under limits; a flat form is accepted too
        JsonNode limits = node.has("limits") ? node.get("limits") : node;
        String at = node.has("limits") ? "spec.resources.limits" : "spec.resources";
        f.object(limits, at);
        String cpu = f.scalar(limits.get("cpu"), at + ".cpu");
        String memory = f.scalar(limits.get("memory"), at + ".memory");
        PodTemplate.Resources r = new PodTemplate.Resources(cpu, memory);
        try {
            if (r.cpuMillis() < 0 || (cpu != null && r.cpuMillis() == 0)) {
                throw f.bad(at + ".cpu", "must be > 0");
            }
        } catch (LegendsException e) {
            throw e.getMessage().startsWith(at) ? e : f.bad(at + ".cpu", e.getMessage());
        }
        try {
            if (memory != null && r.memoryBytes() < 4 << 20) {
                throw f.bad(at + ".memory", "must be at least 4Mi");
            }
        } catch (LegendsException e) {
            throw e.getMessage().startsWith(at) ? e : f.bad(at + ".memory", e.getMessage());
        }
        return r;
    }

    private static AppManifest.Network network(Fields f, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        f.object(node, "spec.network");
        JsonNode sticky = node.get("stickyIPs");
        if (sticky != null && !sticky.isBoolean()) {
            throw f.bad("spec.network.stickyIPs", "must be true or false");
        }
        return new AppManifest.Network(f.text(node.get("name"), "spec.network.name"), sticky != null && sticky.booleanValue());
    }

    private static AppManifest.Route route(Fields f, JsonNode node, List<PodTemplate.Port> ports) {
        if (node == null || node.isNull()) {
            return null;
        }
        f.object(node, "spec.route");
        String host = f.text(node.get("host"), "spec.route.host");
        String path = f.text(node.get("path"), "spec.route.path");
        if (path == null || path.isBlank()) {
            path = "/";
        }
        if (!path.startsWith("/")) {
            throw f.bad("spec.route.path", "must start with /");
        }
        int port = f.integer(node.get("port"), "spec.route.port", ports.isEmpty() ? -1 : ports.getFirst().containerPort());
        if (port < 1 || port > 65535) {
            throw f.bad("spec.route.port", port == -1 ? "required when spec.ports is empty" : "must be in 1..65535");
        }
        return new AppManifest.Route(host == null || host.isBlank() ? null : host, path, port);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> strategy(Fields f, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        f.object(node, "spec.strategy");
        return Json.mapper().convertValue(stripNulls((ObjectNode) node.deepCopy()), LinkedHashMap.class);
    }

    /** Map.copyOf refuses null values, and the release layer reads an absent field the same way. */
    private static JsonNode stripNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    stripNulls(e.getValue());
                }
            });
            o.remove(nulls);
        } else if (n.isArray()) {
            n.forEach(Manifests::stripNulls);
        }
        return n;
    }
}
