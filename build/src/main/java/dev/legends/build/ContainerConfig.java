package dev.legends.build;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code config} object of an image config as docker writes it, changed step by step while a
 * stage builds. It is mutable state of one stage, not a value passed around; fields the builder
 * does not know are kept as they came from the base image. Null means "not set".
 */
@JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
        "OnBuild", "StopSignal", "Healthcheck", "Shell"})
final class ContainerConfig {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    @JsonProperty("User") String user;
    @JsonProperty("ExposedPorts") TreeMap<String, Map<String, Object>> exposedPorts;
    @JsonProperty("Env") List<String> env;
    @JsonProperty("Entrypoint") List<String> entrypoint;
    @JsonProperty("Cmd") List<String> cmd;
    @JsonProperty("Volumes") TreeMap<String, Map<String, Object>> volumes;
    @JsonProperty("WorkingDir") String workingDir;
    @JsonProperty("Labels") TreeMap<String, String> labels;
    @JsonProperty("OnBuild") List<String> onBuild;
    @JsonProperty("StopSignal") String stopSignal;
    @JsonProperty("Healthcheck") HealthConfig healthcheck;
    @JsonProperty("Shell") List<String> shell;
    private final Map<String, JsonNode> other = new LinkedHashMap<>();

    @JsonAnySetter
    void other(String key, JsonNode value) {
        other.put(key, value);
    }

    @JsonAnyGetter
    Map<String, JsonNode> other() {
        return other;
    }

    static ContainerConfig from(JsonNode node) {
        if (node == null || node.isNull()) {
            return new ContainerConfig();
        }
        return Json.mapper().convertValue(node, ContainerConfig.class);
    }

    JsonNode toJson() {
        return Json.mapper().valueToTree(this);
    }

    ContainerConfig copy() {
        return from(toJson());
    }

    List<String> shellOrDefault() {
        return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
    }

    String workingDirOrRoot() {
        return workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
    }

    /** The value of {@code key} in Env. */
    Optional<String> env(String key) {
        for (String e : env == null ? List.<String>of() : env) {
            int eq = e.indexOf('=');
            if ((eq < 0 ? e : e.substring(0, eq)).equals(key)) {
                return Optional.of(eq < 0 ? "" : e.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    /** Sets {@code key} in Env where it is, or at the end, as docker keeps the order. */
    void setEnv(String key, String value) {
        List<String> next = new ArrayList<>(env == null ? List.of() : env);
        String entry = key + "=" + value;
        for (int i = 0; i < next.size(); i++) {
            String e = next.get(i);
            if (e.equals(key) || e.startsWith(key + "=")) {
                next.set(i, entry);
                env = next;
                return;
            }
        }
        next.add(entry);
        env = next;
    }

    /** Env as a map, for substitution. */
    Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : env == null ? List.<String>of() : env) {
            int eq = e.indexOf('=');
            m.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return m;
    }
}
