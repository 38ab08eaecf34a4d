package dev.legends.pod;

import dev.legends.runtime.RuntimeConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the engine keeps things: containers' root filesystems and the pause root under
 * {@code root}, the runtime's state (runc, monitors, exit files) where {@code runtime} says: a
 * run directory, so that a reboot empties it as it empties the kernel's state.
 */
public record EngineConfig(Path root, RuntimeConfig runtime) {
    public EngineConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(runtime, "runtime");
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The layout of a daemon: {@code ROOT/containers}, {@code ROOT/pause}, {@code RUNDIR/runtime};
     * the programs the runtime carries in {@code ROOT/bin}, as /run is often mounted noexec.
     */
    public static EngineConfig of(Path root, Path runDir) {
        return new EngineConfig(root, RuntimeConfig.defaults(runDir.toAbsolutePath().normalize().resolve("runtime"))
                .withBinDir(root.toAbsolutePath().normalize().resolve("bin")));
    }

    Path containersDir() {
        return root.resolve("containers");
    }

    /** Named volumes, docker's layout: {@code ROOT/volumes/NAME/_data}. */
    Path volumesDir() {
        return root.resolve("volumes");
    }

    Path pauseRootfs() {
        return root.resolve("pause").resolve("rootfs");
    }

    /** Where the runtime's monitors write exit codes, one file per container id. */
    Path exitsDir() {
        return runtime.stateDir().resolve("exits");
    }
}
