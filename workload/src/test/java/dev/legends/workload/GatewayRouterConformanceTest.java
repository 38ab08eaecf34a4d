package dev.legends.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import dev.legends.gateway.engine.Gateway;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import dev.legends.workload.port.TrafficRouter;
import dev.legends.workload.traffic.GatewayRouter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TrafficRouter suite on the local gateway's adapter, over a real gateway engine (in this
 * process, on its admin socket): it expresses every feature. Routes are read back by a second
 * router over the same state directory (what a restarted daemon reads), and the gateway's own
 * route is checked to carry the weights, matches and mirror.
 */
class GatewayRouterConformanceTest extends TrafficRouterConformance {

    @TempDir
    Path dir;

    private Gateway gateway;
    private GatewayClient client;
    private GatewayRouter router;

    @BeforeEach
    void start() {
        gateway = Gateway.start(dir.resolve("gateway.json"), dir.resolve("admin.sock"), 1);
        gateway.apply(new GatewayConfig(List.of(), List.of()));
        client = new GatewayClient(dir.resolve("admin.sock"));
        router = new GatewayRouter(() -> client, new NoInstances(), dir.resolve("routes"), 0);
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Override
    protected TrafficRouter router() {
        return router;
    }

    @Override
    protected Optional<AppRoute> readBack(String app) {
        try (GatewayRouter restarted = new GatewayRouter(() -> client, new NoInstances(), dir.resolve("routes"), 0)) {
            return restarted.current(app);
        }
    }

    @Override
    protected void assertServed(AppRoute route) {
        Route served = client.routes().stream().filter(r -> r.name().equals(route.app())).findFirst().orElseThrow(
                () -> new AssertionError("the gateway has no route " + route.app()));
        assertThat(served.pathPrefix()).isEqualTo(route.pathPrefix());
        int mirrorOnly = route.mirror() != null && route.backends().stream().noneMatch(b -> b.revision() == route.mirror().revision()) ? 1 : 0;
        assertThat(served.versions()).hasSize((int) route.backends().stream().mapToInt(AppRoute.Backend::revision).distinct().count() + mirrorOnly);
        for (AppRoute.Backend b : route.backends()) {
            assertThat(served.versions()).anySatisfy(v -> {
                assertThat(v.name()).isEqualTo("r" + b.revision());
                assertThat(v.weight()).isEqualTo(b.weight());
            });
        }
        assertThat(served.matches()).hasSameSizeAs(route.matches());
        if (route.mirror() == null) {
            assertThat(served.mirror()).isNull();
        } else {
            assertThat(served.mirror().version()).isEqualTo("r" + route.mirror().revision());
            assertThat(served.mirror().permille()).isEqualTo((int) Math.round(route.mirror().percent() * 10));
        }
    }

    @Override
    protected void assertNotServed(String app) {
        assertThat(client.routes()).noneMatch(r -> r.name().equals(app));
    }

    /** Routes without endpoints: what is checked here is the route, not where it sends. */
    private static final class NoInstances implements Platform {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public void scale(RevisionRef revision, int replicas) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int desired(String app, int revision) {
            return 0;
        }

        @Override
        public List<Instance> instances(String app) {
            return List.of();
        }

        @Override
        public void remove(String app, int revision) {
        }
    }
}
