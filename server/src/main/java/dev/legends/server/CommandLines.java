package dev.legends.server;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@code legends} command line inside the daemon for a client on this host. The native
 * client (legends-client) sends its arguments here instead of starting a JVM of its own: a warm
 * daemon finishes most commands in less time than a cold JVM needs to load its first classes. The
 * CLI module implements this port; the daemon only carries the bytes (POST /v1/cli, unix socket only).
 */
public interface CommandLines {
    /** A command line and what it takes from the client's process: its directory, environment and terminals. */
    record Call(List<String> args, String cwd, Map<String, String> env, boolean stdoutTerminal, boolean stderrTerminal) {
        public Call {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }

    /** A command line checked and ready to run once. */
    interface Prepared {
        /** Runs it to its end and returns its exit code; the thread is interrupted if the client goes away. */
        int run(OutputStream out, OutputStream err);
    }

    /**
     * Checks {@code call} and readies it, or throws a precondition error saying why it must run in
     * the client's own process (it reads stdin, drives a terminal, names another daemon).
     */
    Prepared prepare(Call call);
}
