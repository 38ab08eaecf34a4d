package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.image.oci.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges an image's run defaults with {@code legends run}'s options exactly as docker does
 * (moby's mergeAndVerifyConfig and CreateDaemonEnvironment). The Healthcheck is ignored for now.
 */
final class ConfigMerge {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String DEFAULT_STOP_SIGNAL = "SIGTERM";

    private ConfigMerge() {}

    /** The merged process; uid and gid are resolved later, against the mounted root filesystem. */
    static MergedConfig merge(ContainerConfig image, RunSpec spec, String hostname) {
        List<String> args = command(image, spec);
        String cwd = spec.workdir() != null && !spec.workdir().isEmpty() ? spec.workdir()
                : image.workingDir() != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";
        if (!cwd.startsWith("/")) {
            throw LegendsException.invalid("the working directory '" + cwd + "' is invalid: it needs to be an absolute path");
        }
        String user = spec.user() != null && !spec.user().isEmpty() ? spec.user() : image.user() == null ? "" : image.user();
        String stop = image.stopSignal() == null || image.stopSignal().isBlank() ? DEFAULT_STOP_SIGNAL : image.stopSignal();
        return new MergedConfig(args, env(image.env(), spec.env(), hostname), cwd, user, 0, 0, List.of(), stop, hostname);
    }

    /**
     * Entrypoint and Cmd: an entrypoint given at run replaces the image's and drops its Cmd; an
     * empty one removes it. Without one, run's arguments replace the image's Cmd.
     */
    static List<String> command(ContainerConfig image, RunSpec spec) {
        List<String> entrypoint = spec.entrypoint();
        List<String> cmd = spec.command();
        if (entrypoint == null || entrypoint.isEmpty() || (entrypoint.size() == 1 && entrypoint.getFirst().isEmpty())) {
            if (cmd.isEmpty()) {
                cmd = nonNull(image.cmd());
            }
            entrypoint = entrypoint == null ? nonNull(image.entrypoint()) : List.of();
        }
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty() || args.getFirst().isEmpty()) {
            throw LegendsException.invalid("no command specified: the image has no Cmd or Entrypoint and none was given");
        }
        return args;
    }

    /**
     * PATH (docker's default unless the image sets one), HOSTNAME, the image's Env, then run's
     * -e entries, each replacing an entry of the same name where it stood.
     */
    static List<String> env(List<String> image, List<String> run, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        nonNull(image).forEach(e -> put(env, e));
        nonNull(run).forEach(e -> put(env, e));
        return List.copyOf(env.values());
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq == 0) {
            throw LegendsException.invalid("invalid environment variable " + entry + ": the name is empty");
        }
        if (eq < 0) {
            return; // docker drops a bare NAME the client could not fill in from its own environment
        }
        env.put(entry.substring(0, eq), entry);
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l;
    }
}
