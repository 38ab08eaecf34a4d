package dev.legends.workload.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The pod fields of a manifest, which make a revision: a change of any of them is a new revision,
 * a change of anything else (replicas, route, strategy) is not. Its JSON form is the revision's
 * template in the store and in {@link dev.legends.workload.port.RevisionRef#template()}.
 *
 * @param command the entrypoint (Kubernetes' name); empty: the image's
 * @param args    arguments; empty: the image's Cmd unless {@code command} is given
 */
public record PodTemplate(String image, List<String> command, List<String> args, List<EnvVar> env, List<Port> ports,
                          Probe readinessProbe, Probe livenessProbe, Probe startupProbe, Resources resources) {
    public PodTemplate {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        resources = resources == null ? new Resources(null, null) : resources;
    }

    public PodTemplate withImage(String newImage) {
        return new PodTemplate(newImage, command, args, env, ports, readinessProbe, livenessProbe, startupProbe, resources);
    }

    /** The port a route or an instance's endpoint means when none is named: the first declared, else 0. */
    @JsonIgnore
    public int firstPort() {
        return ports.isEmpty() ? 0 : ports.getFirst().containerPort();
    }

    public record EnvVar(String name, String value) {}

    public record Port(int containerPort, String name) {}

    /**
     * Limits (no requests: one number per resource is all the local engine enforces).
     *
     * @param cpu    Kubernetes' quantity: "500m", "0.5", "2"
     * @param memory Kubernetes' quantity: "128Mi", "1G", "1000000"
     */
    public record Resources(String cpu, String memory) {
        /** The CPU limit in millicores, or 0 when there is none. */
        @JsonIgnore
        public int cpuMillis() {
            return cpu == null ? 0 : Quantities.cpuMillis(cpu);
        }

        /** The memory limit in bytes, or 0 when there is none. */
        @JsonIgnore
        public long memoryBytes() {
            return memory == null ? 0 : Quantities.bytes(memory);
        }
    }
}
