package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.runtime.LogLine;
import dev.legends.runtime.NamespaceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod is a group of processes sharing a network namespace held by a pause container: its
 * members reach each other on localhost (inside the pod's own namespace, never any other address).
 */
@Tag("runc")
class PodTest {
    @TempDir
    Path tmp;

    EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void membersShareThePausesNetworkAndTalkOverLocalhost() {
        PodInfo pod = fx.pods().create(PodSpec.named("shop"));
        ContainerInfo server = fx.run(EngineFixture.busybox("nc", "-l", "-p", "8080").pod("shop").name("server"));
        ContainerInfo web = fx.run(EngineFixture.busybox("sh", "-c",
                "mkdir /www && echo hello from the web container > /www/index.html && exec httpd -f -p 8081 -h /www").pod("shop"));
        ContainerInfo client = fx.run(EngineFixture.busybox("sh", "-c",
                "for i in $(seq 100); do echo hello over localhost | nc 127.0.0.1 8080 && break; sleep 0.1; done;"
                        + " for i in $(seq 100); do wget -q -O - http://127.0.0.1:8081/index.html && break; sleep 0.1; done; hostname")
                .pod(pod.id().substring(0, 10)));

        assertThat(fx.containers().wait(client.id(), Duration.ofSeconds(20))).get().extracting(e -> e.exitCode()).isEqualTo(0);
        assertThat(fx.containers().logs(client.id())).extracting(LogLine::text)
                .containsExactly("hello from the web container", "shop");
        assertThat(fx.containers().wait(server.id(), Duration.ofSeconds(10))).isPresent();
        // the monitor writes the log as the process writes; give its last line a moment to land
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(fx.containers().logs("server")).extracting(LogLine::text).containsExactly("hello over localhost"));

        Map<NamespaceType, ContainerDetails.NamespaceView> ns = fx.containers().inspect(web.id()).namespaces().stream()
                .collect(Collectors.toMap(ContainerDetails.NamespaceView::type, v -> v));
        for (NamespaceType shared : List.of(NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS)) {
            assertThat(ns.get(shared).sharedWithPause()).as(shared.name()).isTrue();
            assertThat(ns.get(shared).joinedFrom().toString()).startsWith("/proc/").endsWith("/ns/" + shared.procName());
            assertThat(ns.get(shared).sharedWithHost()).isFalse();
        }
        assertThat(ns.get(NamespaceType.PID).sharedWithPause()).isFalse();
        assertThat(ns.get(NamespaceType.MOUNT).sharedWithPause()).isFalse();

        PodDetails details = fx.pods().inspect("shop");
        assertThat(details.pod().state()).isEqualTo(PodState.DEGRADED); // the client and nc server are done
        assertThat(details.pause().pause()).isTrue();
        assertThat(details.namespaces()).extracting(PodDetails.HeldNamespace::type)
                .containsExactlyInAnyOrder(NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS);
        assertThat(details.namespaces()).filteredOn(h -> h.type() == NamespaceType.NETWORK).singleElement()
                .satisfies(h -> assertThat(h.sharedBy()).containsExactly(web.name()));
        assertThat(fx.containers().list(true)).extracting(ContainerInfo::podName).containsOnly("shop");
    }

    @Test
    void pidSharingShowsCatatonitAsPid1AndPodStopStartRmTakeEverything() {
        fx.pods().create(new PodSpec("jobs", "jobs-host", true));
        ContainerInfo app = fx.run(EngineFixture.busybox("sleep", "1000").pod("jobs").name("worker"));

        String ps = fx.containers().exec(app.id(), List.of("ps", "-o", "pid,args"), null, null, null).stdout();
        assertThat(ps).contains("1 /usr/bin/catatonit -P", "sleep 1000");
        assertThatThrownBy(() -> fx.containers().remove(fx.pods().inspect("jobs").pause().id(), true))
                .hasMessageContaining("pause container of pod jobs");

        assertThat(fx.pods().stop("jobs", Duration.ofMillis(300)).state()).isEqualTo(PodState.EXITED);
        assertThat(fx.containers().get("worker").state()).isEqualTo(ContainerState.EXITED);
        PodInfo restarted = fx.pods().start("jobs");
        assertThat(restarted.state()).isEqualTo(PodState.RUNNING);
        assertThat(fx.containers().exec("worker", List.of("hostname"), null, null, null).stdout()).isEqualTo("jobs-host\n");

        assertThatThrownBy(() -> fx.pods().remove("jobs", false)).hasMessageContaining("worker are running");
        String pauseId = restarted.pauseId();
        fx.pods().remove("jobs", true);
        assertThat(fx.pods().list()).isEmpty();
        assertThat(fx.containers().list(true)).isEmpty();
        assertThat(Leftovers.of(fx.root, fx.unpacker.snapshots(), app.id())).isEmpty();
        assertThat(Leftovers.of(fx.root, fx.unpacker.snapshots(), pauseId)).isEmpty();
    }
}
