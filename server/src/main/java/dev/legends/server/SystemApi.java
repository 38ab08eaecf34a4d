package dev.legends.server;

import dev.legends.server.api.DaemonInfo;
import dev.legends.server.api.VersionInfo;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.util.Map;

/** The daemon's own endpoints: liveness, version and where its state lives. */
final class SystemApi {
    private final Daemon daemon;

    SystemApi(Daemon daemon) {
        this.daemon = daemon;
    }

    void register(Router router) {
        router.get("/_ping", r -> Response.text("OK"))
                .get("/v1/version", r -> Response.json(VersionInfo.current()))
                .get("/v1/info", r -> Response.json(info()));
    }

    private DaemonInfo info() {
        DaemonConfig c = daemon.config();
        return new DaemonInfo(ProcessHandle.current().pid(), c.root().toString(), c.socket().toString(),
                daemon.tcpAddress() == null ? null : "tcp://" + daemon.tcpAddress().getHostString() + ":" + daemon.tcpAddress().getPort(),
                c.database().toString(), Map.of("store", daemon.store().schemaVersion("store")),
                daemon.startedAt().toString(), VersionInfo.current(), daemon.platform());
    }
}
