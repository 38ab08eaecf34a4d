package dev.legends.server.gateway;

import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.GatewayStatus;
import dev.legends.gateway.Route;
import dev.legends.server.http.Handler;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.time.Duration;


/**
 * /v1/gateway: the routes the gateway process serves, changed through the daemon (which starts the
 * gateway when needed), its status and per-route metrics.
 */
public final class GatewayApi {
    private final GatewaySupervisor supervisor;
    /** Why this daemon has no gateway (it runs apps elsewhere), or null. */
    private final String absent;

    public GatewayApi(GatewaySupervisor supervisor) {
        this.supervisor = supervisor;
        this.absent = null;
    }

    private GatewayApi(String absent) {
        this.supervisor = null;
        this.absent = absent;
    }

    /**
     * The same endpoints on a daemon without a local gateway (apps on Kubernetes): each answers
     * {@code why} as a failed precondition rather than start a gateway nobody routes through.
     */
    public static GatewayApi absent(String why) {
        return new GatewayApi(why);
    }

    /** What `legends gateway status` shows: whether a gateway runs, and where its files are. */
    public record View(boolean running, long pid, String socket, String configFile, int restarts, GatewayStatus status) {}

    public void register(Router router) {
        router.get("/v1/gateway/status", guard(r -> Response.json(view())))
                .get("/v1/gateway/config", guard(r -> Response.json(running() ? supervisor.client().config() : supervisor.savedConfig())))
                .add("PUT", "/v1/gateway/config", guard(r -> Response.json(supervisor.client().replace(r.json(GatewayConfig.class)))))
                .get("/v1/gateway/routes", guard(r -> Response.json(running() ? supervisor.client().routes() : supervisor.savedConfig().routes())))
                .get("/v1/gateway/routes/{name}", guard(r -> Response.json(route(r.param("name")))))
                .add("PUT", "/v1/gateway/routes/{name}", guard(r -> {
                    Route route = r.json(Route.class);
                    if (!r.param("name").equals(route.name())) {
                        throw LegendsException.invalid("route name " + route.name() + " does not match the path's " + r.param("name"));
                    }
                    return Response.json(supervisor.client().apply(route));
                }))
                .delete("/v1/gateway/routes/{name}", guard(r -> Response.json(supervisor.client().remove(r.param("name")))))
                .post("/v1/gateway/stop", guard(r -> Response.json(java.util.Map.of("stopped", supervisor.stopGateway()))))
                .get("/v1/gateway/metrics", guard(r -> Response.text(running() ? supervisor.client().prometheus() : "")))
                .get("/v1/gateway/metrics/{route}", guard(r -> {
                    if (!running()) {
                        throw LegendsException.unavailable("the gateway is not running");
                    }
                    return Response.json(supervisor.client().metrics(r.param("route"), Duration.ofSeconds(r.longParam("window", 60))));
                }));
    }

    private Handler guard(Handler h) {
        return absent == null ? h : r -> {
            throw LegendsException.precondition(absent);
        };
    }

    private boolean running() {
        return supervisor.statusIfRunning() != null;
    }

    private Route route(String name) {
        GatewayConfig c = running() ? supervisor.client().config() : supervisor.savedConfig();
        return c.routes().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> LegendsException.notFound("no such route: " + name));
    }

    private View view() {
        GatewayStatus s = supervisor.statusIfRunning();
        return new View(s != null, s == null ? -1 : s.pid(), supervisor.socket().toString(), supervisor.configFile().toString(),
                supervisor.restarts(), s);
    }

}
