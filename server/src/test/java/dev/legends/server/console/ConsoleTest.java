package dev.legends.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import dev.legends.server.http.Router;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's port over plain HTTP: login, cookie, CSRF header, assets, the OpenAPI document, JSON errors. */
class ConsoleTest {
    @TempDir
    Path root;

    private Daemon daemon;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        daemon = Daemon.start(DaemonConfig.of(root).withDashboard(new InetSocketAddress("127.0.0.1", 0), null));
        base = "http://127.0.0.1:" + daemon.dashboardAddress().getPort();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void theOpenApiDocumentListsEveryRegisteredRouteWithJsonErrors() throws Exception {
        JsonNode doc = Json.mapper().readTree(new ApiClient(Endpoint.forRoot(root)).call("GET", "/v1/openapi.json", null));
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        int operations = 0;
        Set<String> ids = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> ops = paths.next().getValue().fields(); ops.hasNext(); ) {
                JsonNode op = ops.next().getValue();
                operations++;
                assertThat(ids.add(op.path("operationId").asText())).as("unique operationId " + op.path("operationId")).isTrue();
                assertThat(op.path("responses").path("default").path("$ref").asText()).isEqualTo("#/components/responses/Error");
            }
        }
        var routes = daemon.console().routes();
        assertThat(routes).extracting(Router.Entry::template).contains("/v1/images", "/v1/pods/{id}", "/v1/openapi.json");
        for (Router.Entry r : routes) {
            JsonNode op = doc.path("paths").path(r.template()).path(r.method().toLowerCase());
            assertThat(op.isObject()).as(r.method() + " " + r.template() + " is documented").isTrue();
            assertThat(op.path("summary").asText()).isNotBlank();
        }
        assertThat(operations).isEqualTo(routes.size());
        JsonNode logs = doc.path("paths").path("/v1/containers/{id}/logs").path("get");
        assertThat(logs.path("summary").asText()).startsWith("A container's log");
        assertThat(logs.path("parameters").findValuesAsText("name")).containsExactly("id", "tail", "follow");
        assertThat(logs.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        JsonNode error = doc.path("components").path("schemas").path("Error");
        assertThat(error.path("required").toString()).isEqualTo("[\"code\",\"message\"]");
    }

    @Test
    void aBrowserLogsInWithTheGeneratedTokenAndThenCarriesACookie() throws Exception {
        Path tokenFile = root.resolve("dashboard.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        String token = Files.readString(tokenFile).strip();
        assertThat(token).hasSize(64);

        // the page and its scripts are open; the API is not
        HttpResponse<String> page = send("GET", "/", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow()).contains("script-src 'self'");
        assertThat(page.body()).contains("/assets/app.js");
        assertThat(send("GET", "/assets/app.js", null, Map.of()).headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertError(send("GET", "/v1/pods", null, Map.of()), 401, "UNAUTHORIZED", "log in with the daemon's token first");

        assertError(send("POST", "/login", "{\"token\":\"guess\"}", Map.of()), 401, "UNAUTHORIZED", "wrong token");
        HttpResponse<String> login = send("POST", "/login", "{\"token\":\"" + token + "\"}", Map.of());
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith("legends_session=").contains("HttpOnly", "SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send("GET", "/v1/pods", null, Map.of("Cookie", cookie)).statusCode()).isEqualTo(200);
        // a change made with only the cookie needs the custom header, which another origin cannot add
        assertError(send("POST", "/v1/events", "{\"kind\":\"t\",\"object\":\"o\",\"message\":\"m\"}", Map.of("Cookie", cookie)),
                401, "UNAUTHORIZED", "a request made with the session cookie must carry the x-legends-request header");
        assertThat(send("POST", "/v1/events", "{\"kind\":\"t\",\"object\":\"o\",\"message\":\"m\"}",
                Map.of("Cookie", cookie, "X-Legends-Request", "1")).statusCode()).isEqualTo(201);
        // the bearer token works too, as on the API port
        assertThat(send("GET", "/v1/version", null, Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = send("POST", "/logout", "", Map.of("Cookie", cookie, "X-Legends-Request", "1"));
        assertThat(logout.headers().firstValue("set-cookie").orElseThrow()).contains("Max-Age=0");
        assertError(send("GET", "/v1/pods", null, Map.of("Cookie", cookie)), 401, "UNAUTHORIZED", "log in with the daemon's token first");
    }

    @Test
    void everyErrorIsJsonWithACodeAndAMessage() throws Exception {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + Files.readString(root.resolve("dashboard.token")).strip());
        assertError(send("GET", "/v1/nothing", null, bearer), 404, "NOT_FOUND", "no such API path: /v1/nothing");
        assertError(send("DELETE", "/v1/version", null, bearer), 400, "INVALID_ARGUMENT", "DELETE is not allowed on /v1/version");
        // a file name is one segment of a fixed shape: nothing else under the root is reachable
        assertError(send("GET", "/assets/..%2Flegends.db", null, Map.of()), 401, "UNAUTHORIZED", "log in with the daemon's token first");
        assertError(send("GET", "/assets/..%2Flegends.db", null, bearer), 404, "NOT_FOUND", "no such API path: /assets/../legends.db");
        assertError(send("GET", "/assets/legends.db", null, Map.of()), 404, "NOT_FOUND", "no such dashboard file: legends.db");
        assertError(send("GET", "/assets/nope.js", null, Map.of()), 404, "NOT_FOUND", "no such dashboard file: nope.js");
        // the answer comes as soon as the head announces too much: send only the head, so the test
        // does not race the server closing the connection while a client still writes the body
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", daemon.dashboardAddress().getPort())) {
            s.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer.entrySet().iterator().next().getKey() + ": "
                    + bearer.get("Authorization") + "\r\nContent-Type: application/json\r\nContent-Length: " + (17 * 1024 * 1024)
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(5000);
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/json")
                    .contains("\"code\":\"INVALID_ARGUMENT\"").contains("request body too large: the limit is 16 MiB");
        }
    }

    @Test
    void theDashboardInfoNamesTheUrlAndTheTokenFile() {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = new ApiClient(Endpoint.forRoot(root)).get("/v1/dashboard", Map.class);
        assertThat(info).containsEntry("url", base + "/").containsEntry("tokenLocation", root.resolve("dashboard.token").toString());
    }

    @Test
    void theTokenIsKeptAcrossRestartsAndOnlyLoopbackIsServed() throws Exception {
        String first = Files.readString(root.resolve("dashboard.token"));
        daemon.close();
        assertThatThrownBy(() -> Daemon.start(DaemonConfig.of(root).withDashboard(new InetSocketAddress("0.0.0.0", 0), null)))
                .hasMessage("--dashboard 0.0.0.0: only loopback addresses are allowed");
        daemon = Daemon.start(DaemonConfig.of(root).withDashboard(new InetSocketAddress("127.0.0.1", 0), null));
        assertThat(Files.readString(root.resolve("dashboard.token"))).isEqualTo(first);
        // a token others can read is refused, and the root is left free
        daemon.close();
        Files.setPosixFilePermissions(root.resolve("dashboard.token"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Daemon.start(DaemonConfig.of(root).withDashboard(new InetSocketAddress("127.0.0.1", 0), null)))
                .hasMessageContaining("dashboard.token is readable by others (mode rw-r--r--): chmod 600 it");
        // without --dashboard nothing listens and the info says how to get one
        daemon.close();
        daemon = Daemon.start(DaemonConfig.of(root));
        assertThat(daemon.dashboardAddress()).isNull();
        assertThatThrownBy(() -> new ApiClient(Endpoint.forRoot(root)).get("/v1/dashboard", Map.class))
                .hasMessage("this daemon serves no dashboard: start it with legends daemon --dashboard 127.0.0.1:PORT");
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> res, int status, String code, String message) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode e = Json.mapper().readTree(res.body());
        assertThat(e.path("code").asText()).isEqualTo(code);
        assertThat(e.path("message").asText()).isEqualTo(message);
    }
}
