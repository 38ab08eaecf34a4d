package dev.legends.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import dev.legends.server.api.VersionInfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpApiTest {
    @TempDir
    Path root;

    @Test
    void tcpAnswersOnlyWithTheBearerToken() {
        DaemonConfig config = new DaemonConfig(root, null, new InetSocketAddress("127.0.0.1", 0), "s3cret", false);
        try (Daemon daemon = Daemon.start(config)) {
            int port = daemon.tcpAddress().getPort();
            ApiClient none = new ApiClient(new Endpoint.Tcp("127.0.0.1", port, null));
            ApiClient wrong = new ApiClient(new Endpoint.Tcp("127.0.0.1", port, "guess"));
            ApiClient right = new ApiClient(new Endpoint.Tcp("127.0.0.1", port, "s3cret"));
            for (ApiClient c : new ApiClient[] {none, wrong}) {
                assertThatThrownBy(() -> c.get("/v1/version", VersionInfo.class))
                        .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                        .hasMessage("a bearer token is required on TCP");
            }
            assertThat(right.get("/v1/version", VersionInfo.class).apiVersion()).isEqualTo("v1");
            // the unix socket needs no token: its file mode is the guard
            assertThat(new ApiClient(Endpoint.forRoot(root)).get("/v1/version", VersionInfo.class)).isNotNull();
        }
    }

    @Test
    void commandLinesAreTakenOnlyFromClientsOnTheUnixSocket() {
        CommandLines lines = call -> {
            if (call.args().contains("decline")) {
                throw LegendsException.precondition("declined: runs in the client");
            }
            return (out, err) -> 0;
        };
        DaemonConfig config = new DaemonConfig(root, null, new InetSocketAddress("127.0.0.1", 0), "s3cret", false);
        try (Daemon daemon = Daemon.start(config, lines)) {
            ApiClient tcp = new ApiClient(new Endpoint.Tcp("127.0.0.1", daemon.tcpAddress().getPort(), "s3cret"));
            CommandLines.Call ps = new CommandLines.Call(List.of("ps"), "/", Map.of(), false, false);
            // even with the token: a command line's paths and environment only mean something on this host
            assertThatThrownBy(() -> tcp.post("/v1/cli", ps, String.class))
                    .hasMessage("/v1/cli is served only on the daemon's unix socket");
            // on the socket, a declined command is 412: the client runs it in its own JVM
            ApiClient unix = new ApiClient(Endpoint.forRoot(root));
            assertThatThrownBy(() -> unix.post("/v1/cli", new CommandLines.Call(List.of("decline"), "/", Map.of(), false, false), String.class))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                    .hasMessage("declined: runs in the client");
        }
        // a daemon started without a runner of command lines declines them all
        try (Daemon daemon = Daemon.start(DaemonConfig.of(root))) {
            assertThatThrownBy(() -> new ApiClient(Endpoint.forRoot(root)).post("/v1/cli",
                    new CommandLines.Call(List.of("ps"), "/", Map.of(), false, false), String.class))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
        }
    }

    @Test
    void tcpWithoutATokenOrOffLoopbackIsRefusedAndLeavesTheRootFree() {
        assertThatThrownBy(() -> Daemon.start(new DaemonConfig(root, null, new InetSocketAddress("127.0.0.1", 0), null, false)))
                .hasMessageContaining("needs a token");
        assertThatThrownBy(() -> Daemon.start(new DaemonConfig(root, null, new InetSocketAddress("0.0.0.0", 0), "t", false)))
                .hasMessageContaining("only loopback addresses are allowed");
        try (Daemon daemon = Daemon.start(DaemonConfig.of(root))) {
            assertThat(daemon.tcpAddress()).isNull();
        }
    }

    @Test
    void hostSpecsParseLikeDockers() {
        assertThat(Endpoint.parse("unix:///run/x.sock", null)).isEqualTo(new Endpoint.Unix(Path.of("/run/x.sock")));
        assertThat(Endpoint.parse("tcp://127.0.0.1:2376", "t")).isEqualTo(new Endpoint.Tcp("127.0.0.1", 2376, "t"));
        assertThatThrownBy(() -> Endpoint.parse("ftp://x", null)).hasMessageContaining("expected unix:///PATH or tcp://HOST:PORT");
        assertThat(Endpoint.runDir(Path.of("/var/lib/legends"))).isEqualTo(Path.of("/run/legends"));
        assertThat(Endpoint.runDir(Path.of("/tmp/r"))).isEqualTo(Path.of("/tmp/r/run"));
    }
}
