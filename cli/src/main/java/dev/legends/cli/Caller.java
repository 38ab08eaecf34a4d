package dev.legends.cli;

import dev.legends.server.api.Endpoint;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whose command line runs: this process's, or a native client's that the daemon runs for it
 * ({@link InDaemon}). Relative paths, bare {@code -e KEY}s and progress bars follow the caller, not the
 * process the code happens to run in.
 *
 * @param endpoint the daemon to talk to when it is fixed by where the command runs (null: from the options)
 */
record Caller(Path cwd, Map<String, String> env, boolean terminal, Endpoint endpoint) {
    /** This process: its directory, environment and stderr terminal. */
    static Caller self() {
        return new Caller(Path.of("").toAbsolutePath(), System.getenv(), System.console() != null && System.console().isTerminal(), null);
    }

    /** {@code p} as an absolute path, relative ones taken from the caller's directory. */
    Path resolve(Path p) {
        return cwd.resolve(p).normalize();
    }

    String env(String name) {
        return env.get(name);
    }
}
