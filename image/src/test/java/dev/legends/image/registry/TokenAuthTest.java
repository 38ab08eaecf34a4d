package dev.legends.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.image.registry.FakeRegistry.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bearer token flow (as Docker Hub, GHCR and Harbor use it) and retries on registry errors,
 * against a scripted registry: the real one here only does Basic.
 */
class TokenAuthTest {
    private static final String GOOD = "Basic " + Base64.getEncoder().encodeToString("legends:pw".getBytes(StandardCharsets.UTF_8));
    private static final String NOT_FOUND = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}";

    @TempDir
    Path dir;
    FakeRegistry fake;
    final AtomicInteger tokensIssued = new AtomicInteger();

    @BeforeEach
    void startFake() throws Exception {
        fake = new FakeRegistry();
        String challenge = "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake-registry\"";
        fake.route("/v2/", x -> authorized(x) ? Answer.of(200, "{}")
                        : new Answer(401, Map.of("WWW-Authenticate", challenge), "{}"))
                .route("/token", x -> {
                    if (!GOOD.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                        return Answer.of(401, "{\"details\":\"incorrect username or password\"}");
                    }
                    tokensIssued.incrementAndGet();
                    return Answer.of(200, "{\"token\":\"t-1\",\"expires_in\":300}");
                })
                .route("/v2/app/manifests/v1", x -> authorized(x) ? Answer.of(404, NOT_FOUND)
                        : new Answer(401, Map.of("WWW-Authenticate", challenge + ",scope=\"repository:app:pull\""), "{}"));
    }

    /** The fake speaks no TLS and would not even answer a TLS hello: it is listed as plain HTTP. */
    private RegistryOptions options() {
        return RegistryTests.options(dir).withInsecureRegistries(Set.of("http://" + fake.host()));
    }

    private static boolean authorized(com.sun.net.httpserver.HttpExchange x) {
        return "Bearer t-1".equals(x.getRequestHeaders().getFirst("Authorization"));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void loginTradesCredentialsForATokenAndPullsReuseTheTokenPerScope() {
        ImageStore store = ImageStore.open(dir);
        try (RegistryClient client = RegistryClient.open(store, options())) {
            assertThatThrownBy(() -> client.login(fake.host(), "legends", "bad"))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                    .hasMessage("login " + fake.host() + ": unauthorized: incorrect username or password");
            client.login(fake.host(), "legends", "pw");
            assertThat(fake.requests).anyMatch(r -> r.startsWith("GET /token?service=fake-registry&account=legends"));

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.pull(fake.host() + "/app:v1", null, ProgressListener.NONE))
                        .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                        .hasMessage("pull " + fake.host() + "/app:v1: manifest unknown (not found)");
            }
        }
        assertThat(fake.requests).filteredOn(r -> r.startsWith("GET /token?")).filteredOn(r -> r.contains("scope=repository%3Aapp%3Apull"))
                .hasSize(1);
    }

    @Test
    void anonymousPullsAreRefusedWithAHintToLogIn() {
        ImageStore store = ImageStore.open(dir);
        try (RegistryClient client = RegistryClient.open(store, options())) {
            assertThatThrownBy(() -> client.pull(fake.host() + "/app:v1", null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                    .hasMessage("pull " + fake.host() + "/app:v1: unauthorized: authentication required: check `legends login "
                            + fake.host() + "`");
        }
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedAFewTimesThenReported() {
        AtomicInteger calls = new AtomicInteger();
        fake.route("/v2/", x -> Answer.of(200, "{}"))
                .route("/v2/flaky/manifests/v1", x -> switch (calls.incrementAndGet()) {
                    case 1 -> Answer.of(503, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}");
                    case 2 -> new Answer(429, Map.of("Retry-After", "0"), "");
                    default -> Answer.of(404, NOT_FOUND);
                })
                .route("/v2/down/manifests/v1", x -> Answer.of(502, ""));
        ImageStore store = ImageStore.open(dir);
        try (RegistryClient client = RegistryClient.open(store, options())) {
            assertThatThrownBy(() -> client.pull(fake.host() + "/flaky:v1", null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
            assertThat(calls).hasValue(3);
            assertThatThrownBy(() -> client.pull(fake.host() + "/down:v1", null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessage("pull " + fake.host() + "/down:v1: registry answered 502 (gave up after 3 tries)");
        }
        assertThat(fake.requests).filteredOn(r -> r.equals("GET /v2/down/manifests/v1")).hasSize(3);
    }
}
