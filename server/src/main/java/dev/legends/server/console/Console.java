package dev.legends.server.console;

import dev.legends.core.LegendsException;
import dev.legends.server.http.Access;
import dev.legends.server.http.HttpApi;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console: the API reference (GET /v1/openapi.json, on every listener) and the dashboard,
 * a single page served on its own loopback port behind a token login. The page talks to the same
 * API as the CLI, through that port, with the session cookie the login sets.
 */
public final class Console {
    private final Router router;
    private final Assets assets = new Assets();
    private volatile Access access;
    private volatile InetSocketAddress address;
    private volatile String tokenLocation;

    /** Registers the console's routes on {@code router}; the dashboard port opens with {@link #serve}. */
    public Console(Router router) {
        this.router = router;
        router.get("/v1/openapi.json", r -> Response.json(OpenApi.document(router.routes())))
                .get("/v1/dashboard", r -> Response.json(info()))
                .get("/", r -> assets.get("index.html"))
                .get("/assets/{file}", r -> assets.get(r.param("file")))
                .post("/login", this::login)
                .post("/logout", this::logout);
    }

    /**
     * Opens the dashboard on {@code at}, a loopback address; the login token is {@code token}
     * (from {@code tokenFile}) or, without one, ROOT/dashboard.token.
     */
    public InetSocketAddress serve(HttpApi api, InetSocketAddress at, String token, Path tokenFile, Path root) {
        InetAddress ip = at.getAddress();
        if (ip == null || !ip.isLoopbackAddress()) {
            throw LegendsException.invalid("--dashboard " + at.getHostString() + ": only loopback addresses are allowed");
        }
        DashboardToken t = DashboardToken.resolve(token, tokenFile, root);
        Access guard = Access.dashboard(t.value(), Console::open);
        InetSocketAddress bound = api.listenTcp(at, guard);
        this.access = guard;
        this.tokenLocation = t.location();
        this.address = bound;
        return bound;
    }

    /** Every route the daemon serves, in the order registered. */
    public List<Router.Entry> routes() {
        return router.routes();
    }

    /** The dashboard's address, or null when this daemon serves none. */
    public InetSocketAddress address() {
        return address;
    }

    /** What the login page and its files need: no state is read through these. */
    private static boolean open(String path) {
        return path.equals("/") || path.equals("/login") || path.equals("/_ping")
                || (path.startsWith("/assets/") && path.indexOf('/', "/assets/".length()) < 0);
    }

    private Map<String, Object> info() {
        InetSocketAddress at = address;
        if (at == null) {
            throw LegendsException.unavailable("this daemon serves no dashboard: start it with legends daemon --dashboard 127.0.0.1:PORT");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", "http://" + at.getHostString() + ":" + at.getPort() + "/");
        m.put("tokenLocation", tokenLocation);
        return m;
    }

    private Response login(Request r) {
        Access guard = access;
        if (guard == null) {
            throw LegendsException.unavailable("this daemon serves no dashboard");
        }
        LoginForm form = r.json(LoginForm.class);
        String session = guard.login(form.token());
        return new Response.Full(200, "application/json", "{\"loggedIn\":true}".getBytes(StandardCharsets.UTF_8),
                Map.of("Set-Cookie", Access.cookie(session), "Cache-Control", "no-store"));
    }

    private Response logout(Request r) {
        Access guard = access;
        if (guard != null) {
            guard.logout(r.cookie(Access.COOKIE));
        }
        return new Response.Full(200, "application/json", "{\"loggedIn\":false}".getBytes(StandardCharsets.UTF_8),
                Map.of("Set-Cookie", Access.cookie(null)));
    }

    record LoginForm(String token) {}
}
