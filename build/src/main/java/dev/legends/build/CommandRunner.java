package dev.legends.build;

import java.util.function.Consumer;

/** Port: runs a RUN step's command in a container on a prepared rootfs (runc in the engine). */
public interface CommandRunner {

    /**
     * Runs {@code spec} to completion, handing each line it writes to stdout or stderr to
     * {@code output} as it comes, and returns its exit code. No network: the build has none.
     */
    int run(RunSpec spec, Consumer<String> output);
}
