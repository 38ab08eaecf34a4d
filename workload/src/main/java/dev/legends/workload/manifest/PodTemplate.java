package dev.legends.workload.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
                          Probe readinessProbe, Probe livenessProbe, Probe startupProbe, Resources resources,
                          // left out when empty: templates stored before volumes existed keep their hash
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Volume> volumes) {
    public PodTemplate {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        resources = resources == null ? new Resources(null, null) : resources;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    public PodTemplate(String image, List<String> command, List<String> args, List<EnvVar> env, List<Port> ports,
                       Probe readinessProbe, Probe livenessProbe, Probe startupProbe, Resources resources) {
        this(image, command, args, env, ports, readinessProbe, livenessProbe, startupProbe, resources, List.of());
    }

    public PodTemplate withImage(String newImage) {
        return new PodTemplate(newImage, command, args, env, ports, readinessProbe, livenessProbe, startupProbe, resources, volumes);
    }

    /** The port a route or an instance's endpoint means when none is named: the first declared, else 0. */
    @JsonIgnore
    public int firstPort() {
        return ports.isEmpty() ? 0 : ports.getFirst().containerPort();
    }

    public record EnvVar(String name, String value) {}

    public record Port(int containerPort, String name) {}

    /**
     * A volume each instance keeps as StatefulSets keep volume claims: the engine's named volume
     * {@code APP-NAME-ORDINAL}, made on the instance's first start and the same for every revision's
     * instance of that ordinal, so data outlives pods, restarts and releases (and stays after
     * {@code app rm}, as claims do: {@code legends volume rm} removes it).
     */
    public record Volume(String name, String mountPath, boolean readOnly) {}

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
