package dev.legends.build;

import java.nio.file.Path;
import java.util.List;

/**
 * What a RUN step runs: argv (the shell already in front for the shell form), the environment
 * as {@code K=V}, the working directory and the user ({@code name}, {@code uid}, {@code uid:gid},
 * {@code name:group}; empty for root) as the image config has them, resolved in the rootfs.
 */
public record RunSpec(Path rootfs, List<String> args, List<String> env, String workdir, String user) {
    public RunSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }
}
