package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Fixture.route;
import static dev.legends.gateway.engine.Fixture.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.Route;
import dev.legends.gateway.RouteMetrics;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mirroring: fire-and-forget copies to a shadow, and the comparison of its answers. */
class MirrorTest {
    Fixture f;
    TestBackend primary;
    TestBackend primary2;
    TestBackend shadow;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture();
        primary = f.backend("p1");
        primary2 = f.backend("p2");
        shadow = f.backend("shadow");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private Route mirrored(int permille, boolean compare, List<String> headers) {
        return route("app", List.of(version("stable", 1000, primary, primary2), version("shadow", 0, shadow)))
                .withMirror(new Route.Mirror("shadow", permille, compare, headers));
    }

    @Test
    void aSlowShadowDoesNotSlowThePrimary() throws Exception {
        shadow.delayMillis = 1000;
        f.apply(mirrored(1000, false, null));
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertThat(f.get("/").statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(500);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (shadow.requests.get() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(shadow.requests.get()).isEqualTo(5);
        assertThat(primary.requests.get() + primary2.requests.get()).isEqualTo(5);
        RouteMetrics m = awaitMirror(5);
        assertThat(m.mirror().sent()).isEqualTo(5);
        assertThat(m.version("mirror:shadow").total().requests()).isEqualTo(5);
        assertThat(m.version("shadow").total().requests()).isZero();
    }

    @Test
    void aShareIsMirrored() throws Exception {
        f.apply(mirrored(200, false, null));
        for (int i = 0; i < 500; i++) {
            f.get("/");
        }
        RouteMetrics m = f.gateway.metrics("app", 60);
        assertThat(m.mirror().sent()).isBetween(60L, 145L); // 20% of 500 is 100, sd ~9
    }

    @Test
    void comparisonReportsARealDifferenceWithASample() throws Exception {
        primary.plain = primary2.plain = shadow.plain = true;
        primary.body = primary2.body = "{\"total\":42}";
        shadow.body = "{\"total\":41}";
        f.apply(mirrored(1000, true, List.of("Content-Type")));
        for (int i = 0; i < 4; i++) {
            f.get("/orders?id=" + i);
        }
        RouteMetrics m = awaitMirror(4);
        assertThat(m.mirror().compared()).isEqualTo(4);
        assertThat(m.mirror().differed()).isEqualTo(4);
        assertThat(m.mirror().samples()).isNotEmpty();
        assertThat(m.mirror().samples().getLast().field()).isEqualTo("body sha256");
        assertThat(m.mirror().samples().getLast().path()).startsWith("/orders?id=");
    }

    @Test
    void fieldsThatDifferBetweenTwoPrimariesAreNoiseNotDifferences() throws Exception {
        primary.plain = primary2.plain = shadow.plain = true;
        primary.body = primary2.body = shadow.body = "same";
        // X-Nonce differs on every answer, primaries included: noise
        f.apply(mirrored(1000, true, List.of("X-Nonce")));
        for (int i = 0; i < 4; i++) {
            f.get("/");
        }
        RouteMetrics m = awaitMirror(4);
        assertThat(m.mirror().compared()).isEqualTo(4);
        assertThat(m.mirror().noisy()).isEqualTo(4);
        assertThat(m.mirror().differed()).isZero();

        f.apply(mirrored(1000, true, List.of("Content-Type")));
        for (int i = 0; i < 3; i++) {
            f.get("/");
        }
        m = awaitMirror(7);
        assertThat(m.mirror().matched()).isEqualTo(3);
    }

    private RouteMetrics awaitMirror(long n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        RouteMetrics m = f.gateway.metrics("app", 60);
        while ((m.mirror().completed() + m.mirror().failed() < n || m.mirror().compared() < n && m.mirror().version() != null
                && f.gateway.config().routes().getFirst().mirror().compare()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            m = f.gateway.metrics("app", 60);
        }
        return m;
    }
}
