package dev.legends.cli;

import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes: where the state lives and how to reach the daemon. */
public final class GlobalOptions {
    @Option(names = "--root", scope = ScopeType.INHERIT, description = "State directory (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:LEGENDS_ROOT:-/var/lib/legends}")
    Path root;

    @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT,
            description = "Daemon to talk to: unix:///PATH or tcp://127.0.0.1:PORT (default: the socket of --root; env LEGENDS_HOST)",
            defaultValue = "${env:LEGENDS_HOST}")
    String host;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show causes of errors")
    boolean debug;

    // every command, at every depth, answers --help (picocli's execute prints the usage)
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit")
    boolean help;

    /** Set when the daemon runs this command line for a client; null: this process. */
    Caller caller;

    Caller caller() {
        if (caller == null) {
            caller = Caller.self();
        }
        return caller;
    }

    Endpoint endpoint() {
        if (caller != null && caller.endpoint() != null) {
            return caller.endpoint();
        }
        return host == null || host.isBlank() ? Endpoint.forRoot(root) : Endpoint.parse(host, System.getenv("LEGENDS_TOKEN"));
    }

    ApiClient client() {
        return new ApiClient(endpoint());
    }
}
