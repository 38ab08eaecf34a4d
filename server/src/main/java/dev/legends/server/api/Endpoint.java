package dev.legends.server.api;

import dev.legends.core.LegendsException;
import java.net.URI;
import java.nio.file.Path;

/** Where the daemon's API listens: a unix socket (the default) or a loopback TCP port with a token. */
public sealed interface Endpoint {
    Path DEFAULT_ROOT = Path.of("/var/lib/legends");

    record Unix(Path socket) implements Endpoint {
        @Override
        public String toString() {
            return "unix://" + socket;
        }
    }

    record Tcp(String host, int port, String token) implements Endpoint {
        @Override
        public String toString() {
            return "tcp://" + host + ":" + port;
        }
    }

    /**
     * The run directory for a root: /run/legends for the default root (as docker uses /run/docker),
     * otherwise a run/ folder inside the root so that test daemons never meet.
     */
    static Path runDir(Path root) {
        return root.toAbsolutePath().normalize().equals(DEFAULT_ROOT) ? Path.of("/run/legends") : root.resolve("run");
    }

    static Unix forRoot(Path root) {
        return new Unix(runDir(root).resolve("legends.sock"));
    }

    /** Parses {@code unix:///path} or {@code tcp://127.0.0.1:PORT}, as docker's -H does. */
    static Endpoint parse(String spec, String token) {
        URI uri = URI.create(spec);
        return switch (String.valueOf(uri.getScheme())) {
            case "unix" -> new Unix(Path.of(uri.getPath()));
            case "tcp", "http" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw LegendsException.invalid("host " + spec + ": expected tcp://HOST:PORT");
                }
                yield new Tcp(uri.getHost(), uri.getPort(), token);
            }
            default -> throw LegendsException.invalid("host " + spec + ": expected unix:///PATH or tcp://HOST:PORT");
        };
    }
}
