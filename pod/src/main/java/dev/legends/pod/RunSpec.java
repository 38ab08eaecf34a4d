package dev.legends.pod;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code legends run} asks for, as the user said it. The engine merges it with the image's
 * config the way docker does; volumes, tmpfs and ulimits keep docker's text forms
 * ({@code /HOST:DST[:ro]}, {@code NAME:DST[:ro]} or {@code /DST}; {@code DST[:size=64m]};
 * {@code nofile=1024:2048}).
 *
 * @param command    arguments after the image; empty: the image's Cmd
 * @param entrypoint null: the image's; an empty list: none at all
 * @param attach     the caller follows the output until the exit (a foreground run): an
 *                   auto-removed container then waits for it before going away
 * @param tty        give the command a terminal ({@code -t})
 * @param interactive keep its stdin open for an attached client ({@code -i})
 * @param networks   the networks a {@link NetworkMode#DEFAULT} container joins; empty: the default
 *                   network {@code legends} (when the engine has networking)
 * @param ip         a fixed address on the first network ({@code --ip})
 * @param publish    {@code -p [HOSTIP:]HOSTPORT:CONTAINERPORT[/PROTO]} mappings on the first network
 * @param identity   a sticky identity: the container gets the address this identity had before
 * @param logOpts    docker's {@code --log-opt KEY=VALUE}: {@code max-size=SIZE} (the log starts over
 *                   when it would grow past SIZE)
 */
public record RunSpec(
        String image,
        List<String> command,
        List<String> entrypoint,
        String name,
        List<String> env,
        String workdir,
        String user,
        String hostname,
        Double cpus,
        Long memory,
        Long pidsLimit,
        RestartPolicy restart,
        boolean autoRemove,
        String pod,
        NetworkMode network,
        List<String> volumes,
        List<String> tmpfs,
        List<String> ulimits,
        List<String> capAdd,
        List<String> capDrop,
        boolean init,
        boolean readOnly,
        boolean attach,
        boolean tty,
        boolean interactive,
        List<String> networks,
        String ip,
        List<String> publish,
        String identity,
        List<String> logOpts) {

    /** The options before networks came: no network names, address or ports. */
    public RunSpec(String image, List<String> command, List<String> entrypoint, String name, List<String> env, String workdir,
                   String user, String hostname, Double cpus, Long memory, Long pidsLimit, RestartPolicy restart, boolean autoRemove,
                   String pod, NetworkMode network, List<String> volumes, List<String> tmpfs, List<String> ulimits, List<String> capAdd,
                   List<String> capDrop, boolean init, boolean readOnly, boolean attach, boolean tty, boolean interactive) {
        this(image, command, entrypoint, name, env, workdir, user, hostname, cpus, memory, pidsLimit, restart, autoRemove, pod, network,
                volumes, tmpfs, ulimits, capAdd, capDrop, init, readOnly, attach, tty, interactive, List.of(), null, List.of(), null, List.of());
    }

    public RunSpec {
        Objects.requireNonNull(image, "image");
        command = copy(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = copy(env);
        restart = restart == null ? RestartPolicy.NO : restart;
        network = network == null ? NetworkMode.DEFAULT : network;
        volumes = copy(volumes);
        tmpfs = copy(tmpfs);
        ulimits = copy(ulimits);
        capAdd = copy(capAdd);
        capDrop = copy(capDrop);
        networks = copy(networks);
        publish = copy(publish);
        logOpts = copy(logOpts);
        ip = ip == null || ip.isBlank() ? null : ip.strip();
    }

    /** The same spec with other {@code -v} values: the engine records anonymous volumes under the names it gave them. */
    public RunSpec withVolumes(List<String> v) {
        return new RunSpec(image, command, entrypoint, name, env, workdir, user, hostname, cpus, memory, pidsLimit, restart, autoRemove,
                pod, network, v, tmpfs, ulimits, capAdd, capDrop, init, readOnly, attach, tty, interactive, networks, ip, publish, identity,
                logOpts);
    }

    /**
     * Reads {@code --network} values as the user gave them: {@code none}, {@code host},
     * {@code default}/{@code bridge}, or network names (comma-separated or repeated).
     */
    public static NetworkChoice networkChoice(List<String> values) {
        List<String> names = new ArrayList<>();
        NetworkMode mode = NetworkMode.DEFAULT;
        for (String v : values == null ? List.<String>of() : values) {
            for (String part : v.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                switch (p) {
                    case "none", "host" -> mode = NetworkMode.parse(p);
                    case "default", "bridge" -> names.add("legends");
                    default -> names.add(p);
                }
            }
        }
        if (mode != NetworkMode.DEFAULT && !names.isEmpty()) {
            throw LegendsException.invalid("--network " + mode + " cannot be combined with other networks");
        }
        return new NetworkChoice(mode, names);
    }

    /** {@code --network} read: a mode, and for {@link NetworkMode#DEFAULT} the names of the networks to join. */
    public record NetworkChoice(NetworkMode mode, List<String> networks) {
        public NetworkChoice {
            networks = List.copyOf(networks);
        }
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    public static Builder builder(String image, String... command) {
        return new Builder(image, List.of(command));
    }

    /** Builds a spec step by step; everything but the image has docker's default. */
    public static final class Builder {
        private final String image;
        private final List<String> command;
        private List<String> entrypoint;
        private String name;
        private final List<String> env = new ArrayList<>();
        private String workdir;
        private String user;
        private String hostname;
        private Double cpus;
        private Long memory;
        private Long pidsLimit;
        private RestartPolicy restart;
        private boolean autoRemove;
        private String pod;
        private NetworkMode network;
        private final List<String> volumes = new ArrayList<>();
        private final List<String> tmpfs = new ArrayList<>();
        private final List<String> ulimits = new ArrayList<>();
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private boolean init;
        private boolean readOnly;
        private boolean attach;
        private boolean tty;
        private boolean interactive;
        private final List<String> networks = new ArrayList<>();
        private String ip;
        private final List<String> publish = new ArrayList<>();
        private String identity;
        private final List<String> logOpts = new ArrayList<>();

        private Builder(String image, List<String> command) {
            this.image = image;
            this.command = command;
        }

        public Builder entrypoint(String... v) { entrypoint = List.of(v); return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder env(String... v) { env.addAll(List.of(v)); return this; }
        public Builder workdir(String v) { workdir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder cpus(double v) { cpus = v; return this; }
        public Builder memory(long v) { memory = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder restart(String v) { restart = RestartPolicy.parse(v); return this; }
        public Builder autoRemove(boolean v) { autoRemove = v; return this; }
        public Builder pod(String v) { pod = v; return this; }
        public Builder network(NetworkMode v) { network = v; return this; }
        public Builder volume(String v) { volumes.add(v); return this; }
        public Builder tmpfs(String v) { tmpfs.add(v); return this; }
        public Builder ulimit(String v) { ulimits.add(v); return this; }
        public Builder capAdd(String v) { capAdd.add(v); return this; }
        public Builder capDrop(String v) { capDrop.add(v); return this; }
        public Builder init(boolean v) { init = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder attach(boolean v) { attach = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder interactive(boolean v) { interactive = v; return this; }
        /** {@code --network NAME|none|host}; may be given more than once. */
        public Builder network(String v) {
            List<String> all = new ArrayList<>(networks);
            all.add(v);
            NetworkChoice c = networkChoice(all);
            network = c.mode();
            networks.clear();
            networks.addAll(c.networks());
            return this;
        }
        public Builder ip(String v) { ip = v; return this; }
        /** All of a pod's or container's networking at once, as a pod spec carries it. */
        public Builder networking(NetworkMode mode, List<String> names, String ip, List<String> publish, String identity) {
            this.network = mode;
            this.networks.clear();
            this.networks.addAll(names);
            this.ip = ip;
            this.publish.clear();
            this.publish.addAll(publish);
            this.identity = identity;
            return this;
        }
        public Builder publish(String v) { publish.add(v); return this; }
        public Builder identity(String v) { identity = v; return this; }
        public Builder logOpt(String v) { logOpts.add(v); return this; }

        public RunSpec build() {
            return new RunSpec(image, command, entrypoint, name, env, workdir, user, hostname, cpus, memory, pidsLimit,
                    restart, autoRemove, pod, network, volumes, tmpfs, ulimits, capAdd, capDrop, init, readOnly, attach, tty, interactive,
                    networks, ip, publish, identity, logOpts);
        }
    }
}
