package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses a spec that runc would reject late or that would surprise the user, with one line
 * naming the field. Runs before anything is written, so a refused spec leaves no trace.
 */
final class SpecValidator {
    /** Docker's rule for names; ids follow it too, so both are safe as file and cgroup names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    /** conmon's attach socket path holds the id and must fit in 108 bytes: docker's 64 is the most. */
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

    private final RuntimeConfig config;
    private final HostLimits host;

    SpecValidator(RuntimeConfig config, HostLimits host) {
        this.config = config;
        this.host = host;
    }

    void validate(ContainerSpec spec) {
        if (spec.logMaxBytes() != null && spec.logMaxBytes() < DockerDefaults.MIN_LOG_MAX) {
            throw invalid("log max-size " + spec.logMaxBytes() + " bytes is too small: the minimum is 16KB");
        }
        if (!ID.matcher(spec.id()).matches()) {
            throw invalid("invalid id " + quote(spec.id()) + ": use letters, digits, '_', '.' and '-', at most 64");
        }
        if (!NAME.matcher(spec.name()).matches()) {
            throw invalid("invalid name " + quote(spec.name()) + ": use letters, digits, '_', '.' and '-', at most 128");
        }
        if (!spec.rootfs().isAbsolute() || !Files.isDirectory(spec.rootfs())) {
            throw invalid("root filesystem " + spec.rootfs() + " is not an absolute path to a directory");
        }
        ProcessSpec p = spec.process();
        if (p.args().isEmpty() || p.args().getFirst().isEmpty()) {
            throw invalid("no command given");
        }
        if (!p.cwd().startsWith("/")) {
            throw invalid("working directory " + quote(p.cwd()) + " is not absolute");
        }
        if (spec.init() && (config.init() == null || !Files.isExecutable(config.init()))) {
            throw LegendsException.precondition("init requested but " + config.init() + " is missing: install the catatonit package");
        }
        namespaces(spec);
        resources(spec.resources());
        rlimits(spec);
        mounts(spec);
        for (String cap : spec.capAdd()) {
            capability(cap);
        }
        for (String cap : spec.capDrop()) {
            capability(cap);
        }
    }

    private void namespaces(ContainerSpec spec) {
        if (!(spec.namespace(NamespaceType.MOUNT) instanceof Namespace.Private)) {
            throw invalid("a container needs a mount namespace of its own");
        }
        spec.namespaces().forEach((type, ns) -> {
            if (ns instanceof Namespace.Joined j && !Files.exists(j.path())) {
                throw invalid("cannot join " + type.ociName() + " namespace " + j.path() + ": no such file (has its process exited?)");
            }
        });
        if (spec.hostname() != null && !(spec.namespace(NamespaceType.UTS) instanceof Namespace.Private)) {
            throw invalid("a hostname needs a UTS namespace of the container's own");
        }
    }

    private static void resources(Resources r) {
        if (r.memoryBytes() != null && r.memoryBytes() < DockerDefaults.MIN_MEMORY) {
            throw invalid("memory limit " + r.memoryBytes() + " bytes is too small: the minimum is 6MB");
        }
        if (r.cpuQuota() != null && (r.cpuQuota() < 1000 || r.cpuPeriod() == null)) {
            throw invalid("CPU quota " + r.cpuQuota() + "us is too small: the minimum is 1000us (--cpus 0.01)");
        }
        if (r.cpuPeriod() != null && (r.cpuPeriod() < 1000 || r.cpuPeriod() > 1_000_000)) {
            throw invalid("CPU period " + r.cpuPeriod() + "us is outside 1000..1000000us");
        }
        if (r.cpuShares() != null && r.cpuShares() < 2) {
            throw invalid("CPU shares " + r.cpuShares() + " is too small: the minimum is 2");
        }
        if (r.pidsLimit() != null && r.pidsLimit() < 1) {
            throw invalid("pids limit " + r.pidsLimit() + " must be at least 1");
        }
    }

    private void rlimits(ContainerSpec spec) {
        Set<String> seen = new HashSet<>();
        for (Rlimit r : spec.rlimits()) {
            if (!HostLimits.known(r.type())) {
                throw invalid("unknown rlimit " + r.type());
            }
            if (!seen.add(r.type())) {
                throw invalid("rlimit " + r.type() + " given twice");
            }
            if (r.soft() < 0 || r.hard() < 0 || r.soft() > r.hard()) {
                throw invalid("rlimit " + r.type() + " soft " + r.soft() + " must be between 0 and hard " + r.hard());
            }
            OptionalLong max = host.hard(r.type());
            if (max.isPresent() && r.hard() > max.getAsLong()) {
                throw invalid("rlimit " + r.type() + " hard " + r.hard() + " exceeds the host's hard limit " + max.getAsLong());
            }
        }
    }

    private static void mounts(ContainerSpec spec) {
        Set<String> destinations = new HashSet<>();
        for (Mount m : spec.mounts()) {
            String dst = m.destination();
            if (!dst.startsWith("/") || dst.equals("/") || dst.contains("/../") || dst.endsWith("/..")) {
                throw invalid("mount destination " + quote(dst) + " must be an absolute path other than /");
            }
            if (!destinations.add(Path.of(dst).normalize().toString())) {
                throw invalid("duplicate mount point " + dst);
            }
            if (m instanceof Mount.Bind b) {
                if (!b.source().isAbsolute()) {
                    throw invalid("bind mount source " + quote(b.source().toString()) + " must be an absolute host path");
                }
                if (!Files.exists(b.source())) {
                    throw invalid("bind mount source path does not exist: " + b.source());
                }
            }
            if (m instanceof Mount.Tmpfs t && t.sizeBytes() < 0) {
                throw invalid("tmpfs " + dst + " size must not be negative");
            }
        }
    }

    private static void capability(String cap) {
        String c = OciTranslator.canonical(cap);
        if (!c.equals("CAP_ALL") && !DockerDefaults.ALL_CAPABILITIES.contains(c)) {
            throw invalid("unknown capability " + cap);
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static LegendsException invalid(String message) {
        return LegendsException.invalid(message);
    }
}
