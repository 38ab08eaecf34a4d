package dev.legends.workload;

import static dev.legends.workload.WorkloadFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.MirrorStats;
import dev.legends.workload.port.VersionMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoscaler loop on real pods: CPU read from their cgroups, requests per second from a MetricsSource. */
class AutoscalerTest {
    @TempDir
    static Path tmp;

    static WorkloadFixture fx;

    /** Requests per second the "gateway" reports for every app and revision. */
    static final AtomicLong RPS = new AtomicLong();

    @BeforeAll
    static void open() throws Exception {
        MetricsSource gateway = new MetricsSource() {
            @Override
            public VersionMetrics query(String app, int revision, Instant from, Instant to) {
                long requests = RPS.get() * Duration.between(from, to).toSeconds();
                return new VersionMetrics(app, revision, from, to, requests, 0, List.of(), List.of(requests));
            }

            @Override
            public Optional<MirrorStats> mirror(String app, int revision, Instant from, Instant to) {
                return Optional.empty();
            }
        };
        fx = new WorkloadFixture(tmp, gateway);
    }

    @AfterAll
    static void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @AfterEach
    void removeApps() {
        fx.workloads.list().forEach(a -> fx.workloads.remove(a.name()));
    }

    private static long ready(String app) {
        return fx.workloads.platform().instances(app).stream().filter(Instance::ready).count();
    }

    @Test
    void burningCpuScalesUpAndIdleScalesBackDown() {
        long stop = Instant.now().plusSeconds(14).getEpochSecond();
        // every pod burns its 100m of CPU until STOP, then idles
        fx.workloads.apply("""
                apiVersion: legends.dev/v1
                kind: App
                metadata: {name: burner}
                spec:
                  image: %s
                  command: [sh, -c, 'while [ $(date +%%s) -lt $STOP ]; do i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; done; while true; do sleep 1; done']
                  env: [{name: STOP, value: "%d"}]
                  replicas: 1
                  resources: {limits: {cpu: 100m}}
                """.formatted(WorkloadFixture.IMAGE, stop));
        await().until(() -> ready("burner") == 1);
        fx.workloads.autoscale(new AutoscalerSpec("burner", 1, 3, 40, null, 0, 3));
        await().atMost(Duration.ofSeconds(12)).until(() -> fx.workloads.get("burner").replicas() == 3);
        await().until(() -> ready("burner") == 3);
        Views.Autoscaling a = fx.workloads.describe("burner").autoscaler();
        assertThat(a.spec().maxReplicas()).isEqualTo(3);
        assertThat(fx.workloads.describe("burner").events()).anySatisfy(e -> assertThat(e.message()).contains("autoscaler: cpu above target"));
        // after STOP, the 3 s down window, then at most 100% per 15 s
        await().atMost(Duration.ofSeconds(40)).until(() -> fx.workloads.get("burner").replicas() == 1);
        await().until(() -> fx.podsOf("burner").size() == 1);
        assertThat(fx.workloads.describe("burner").autoscaler().reason()).isNotBlank();
    }

    @Test
    void requestsPerSecondPerPodDriveTheScale() {
        fx.workloads.apply(WorkloadFixture.manifest("busy", 1, ""));
        await().until(() -> ready("busy") == 1);
        RPS.set(45);
        fx.workloads.autoscale(new AutoscalerSpec("busy", 1, 4, null, 10.0, 0, 2));
        // 45 requests/s over one ready pod against 10 per pod: 5 wanted, 4 at most
        await().until(() -> fx.workloads.get("busy").replicas() == 4);
        RPS.set(5);
        await().until(() -> fx.workloads.get("busy").replicas() == 1);
    }

    @Test
    void badAutoscalersAreRefused() {
        fx.workloads.apply(WorkloadFixture.manifest("plain", 0, ""));
        assertThatThrownBy(() -> fx.workloads.autoscale(new AutoscalerSpec("plain", 1, 3, 50, null, null, null)))
                .isInstanceOf(LegendsException.class).hasMessageContaining("needs a CPU limit (spec.resources.cpu)");
        assertThatThrownBy(() -> fx.workloads.autoscale(new AutoscalerSpec("plain", 3, 2, null, 5.0, null, null)))
                .hasMessage("autoscale plain: --max must be >= --min (3)");
        assertThatThrownBy(() -> fx.workloads.autoscale(new AutoscalerSpec("plain", 1, 2, null, null, null, null)))
                .hasMessageContaining("give a target");
        assertThatThrownBy(() -> fx.workloads.autoscale(new AutoscalerSpec("ghost", 1, 2, null, 1.0, null, null)))
                .hasMessage("app ghost not found");
    }
}
