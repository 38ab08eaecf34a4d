package dev.legends.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import dev.legends.server.http.HttpApi;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
    @TempDir
    Path dir;

    @Test
    void progressLinesArriveBeforeTheResultAndErrorsTravelInTheStream() {
        Router router = new Router()
                .post("/work", r -> Response.progress(p -> {
                    for (int i = 1; i <= 3; i++) {
                        p.accept("step " + i);
                    }
                    return Map.of("done", r.param("n"));
                }))
                .post("/fail", r -> Response.progress(p -> {
                    p.accept("starting");
                    throw LegendsException.notFound("image nope:latest not found");
                }));
        try (HttpApi api = new HttpApi(router)) {
            Path socket = dir.resolve("api.sock");
            api.listenUnix(socket);
            ApiClient client = new ApiClient(new Endpoint.Unix(socket));
            List<String> lines = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Map<String, String> result = client.progress("POST", "/work?n=7", null, lines::add, Map.class);
            assertThat(lines).containsExactly("step 1", "step 2", "step 3");
            assertThat(result).containsEntry("done", "7");

            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> client.progress("POST", "/fail", null, seen::add, Map.class))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessage("image nope:latest not found");
            assertThat(seen).containsExactly("starting");
        }
    }

    @Test
    void pathParametersAndMethodsRoute() {
        Router router = new Router().get("/v1/things/{id}", r -> Response.text("thing " + r.param("id")));
        try (HttpApi api = new HttpApi(router)) {
            Path socket = dir.resolve("api.sock");
            api.listenUnix(socket);
            ApiClient client = new ApiClient(new Endpoint.Unix(socket));
            assertThat(new String(client.call("GET", "/v1/things/42", null))).isEqualTo("thing 42");
            assertThatThrownBy(() -> client.call("DELETE", "/v1/things/42", null)).hasMessage("DELETE is not allowed on /v1/things/42");
        }
    }
}
