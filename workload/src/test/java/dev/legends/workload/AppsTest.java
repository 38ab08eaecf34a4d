package dev.legends.workload;

import static dev.legends.workload.WorkloadFixture.await;
import static dev.legends.workload.WorkloadFixture.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import dev.legends.pod.ContainerInfo;
import dev.legends.pod.PodInfo;
import dev.legends.pod.VolumeInfo;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.Instance;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apps on the local engine: apply, revisions, replica control, probes, self-healing, daemon restarts. */
class AppsTest {
    @TempDir
    static Path tmp;

    static WorkloadFixture fx;

    @BeforeAll
    static void open() throws Exception {
        fx = new WorkloadFixture(tmp, null);
    }

    @AfterAll
    static void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @AfterEach
    void removeApps() {
        if (fx.workloads != null) {
            for (Views.AppRow a : fx.workloads.list()) {
                fx.workloads.remove(a.name());
            }
        }
    }

    private static List<Instance> ready(String app) {
        return fx.workloads.platform().instances(app).stream().filter(Instance::ready).toList();
    }

    private static int restarts(String instance) {
        return fx.workloads.platform().instances(instance.substring(0, instance.indexOf("-r"))).stream()
                .filter(i -> i.name().equals(instance)).findFirst().map(Instance::restarts).orElse(-1);
    }

    @Test
    void applyRunsReplicasAndKeepsRevisions() {
        Views.Applied first = fx.workloads.apply(manifest("web", 3, """
                ports: [{containerPort: 8080, name: http}]
                route: {host: web.local, path: /}
                """));
        assertThat(first).isEqualTo(new Views.Applied("web", "created", 1, true));
        await().until(() -> ready("web").size() == 3);
        assertThat(fx.podsOf("web")).extracting(PodInfo::name).containsExactlyInAnyOrder("web-r1-0", "web-r1-1", "web-r1-2");
        assertThat(fx.router.routes.get("web")).isEqualTo(AppRoute.single("web", "web.local", "/", "stable", 1));
        assertThat(ready("web")).allSatisfy(i -> assertThat(i.port()).isEqualTo(8080));

        // the same manifest again changes nothing; replicas alone are no new revision
        assertThat(fx.workloads.apply(manifest("web", 3, """
                ports: [{containerPort: 8080, name: http}]
                route: {host: web.local, path: /}
                """)).action()).isEqualTo("unchanged");
        Views.Applied scaled = fx.workloads.apply(manifest("web", 2, """
                ports: [{containerPort: 8080, name: http}]
                route: {host: web.local, path: /}
                """));
        assertThat(scaled).isEqualTo(new Views.Applied("web", "configured", 1, false));
        await().until(() -> fx.podsOf("web").size() == 2 && ready("web").size() == 2);

        // a template change is a new revision with its cause; its pods replace the old ones
        String v2 = manifest("web", 2, """
                env: [{name: VERSION, value: "2"}]
                ports: [{containerPort: 8080, name: http}]
                route: {host: web.local, path: /}
                """).replace("  name: web\n", "  name: web\n  annotations:\n    legends.dev/change-cause: set VERSION=2\n");
        assertThat(fx.workloads.apply(v2)).isEqualTo(new Views.Applied("web", "configured", 2, true));
        await().until(() -> fx.workloads.platform().instances("web").stream().allMatch(i -> i.revision() == 2 && i.ready())
                && ready("web").size() == 2);
        assertThat(fx.podsOf("web")).extracting(PodInfo::name).containsExactlyInAnyOrder("web-r2-0", "web-r2-1");
        List<Views.Revision> history = fx.workloads.history("web");
        assertThat(history).extracting(Views.Revision::revision, Views.Revision::changeCause, Views.Revision::stable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "apply", false),
                        org.assertj.core.groups.Tuple.tuple(2, "set VERSION=2", true));
        String container = fx.engine.containers().get("web-r2-0-app").id();
        assertThat(fx.engine.containers().exec(container, List.of("sh", "-c", "echo $VERSION"), List.of(), null, null).stdout())
                .isEqualTo("2\n");
    }

    @Test
    void logsAreFollowedFromTheTailAndAcrossAScaleUp() throws Exception {
        fx.workloads.apply(manifest("chatty", 1, "").replace(
                "command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]",
                "command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; echo start-$HOSTNAME; i=0; while [ $i -lt 400 ]; do echo tick-$i; i=$((i+1)); sleep 0.1; done\"]"));
        await().until(() -> ready("chatty").size() == 1);
        await().until(() -> fx.workloads.logs("chatty", 0).getFirst().lines().size() >= 5);

        java.util.List<Views.InstanceLine> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable follow = fx.workloads.followLogs("chatty", 2, seen::add)) {
            await().until(() -> seen.size() >= 6);
            // the tail: two old lines, not the start line, then new lines in order
            assertThat(seen).noneMatch(l -> l.line().text().startsWith("start-"));
            java.util.List<Integer> ticks = seen.stream().filter(l -> l.instance().equals("chatty-r1-0"))
                    .map(l -> Integer.parseInt(l.line().text().substring("tick-".length()))).toList();
            assertThat(ticks).isSorted().doesNotHaveDuplicates();
            assertThat(ticks.getFirst()).isGreaterThanOrEqualTo(2); // at least start and tick-0..3 were there: the last two skip start, tick-0 and tick-1

            fx.workloads.scale("chatty", 2);
            await().until(() -> seen.stream().anyMatch(l -> l.instance().equals("chatty-r1-1") && l.line().text().startsWith("start-")));
        }
        int after = seen.size();
        Thread.sleep(InstanceLogs.POLL.toMillis() * 2);
        assertThat(seen).hasSize(after); // closed: nothing more arrives
        assertThatThrownBy(() -> fx.workloads.followLogs("nobody", 0, seen::add)).hasMessageContaining("nobody");
    }

    @Test
    void eachInstanceKeepsItsVolumeAcrossRestartsAndPodReplacement() throws Exception {
        fx.workloads.apply(manifest("keeper", 2, "volumes: [{name: data, mountPath: /data}]").replace(
                "command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]",
                "command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; n=$(cat /data/boots 2>/dev/null || echo 0); n=$((n+1)); "
                        + "echo $n > /data/boots; echo boot-$n; while true; do sleep 1; done\"]"));
        await().until(() -> ready("keeper").size() == 2);
        assertThat(fx.engine.volumes().list()).extracting(VolumeInfo::name).contains("keeper-data-0", "keeper-data-1");

        // the pause container gone: a new pod, a new container, the same volume
        PodInfo pod = fx.podsOf("keeper").stream().filter(p -> p.name().equals("keeper-r1-0")).findFirst().orElseThrow();
        ContainerInfo pause = fx.engine.containers().list(true).stream().filter(c -> c.id().equals(pod.pauseId())).findFirst().orElseThrow();
        ProcessHandle.of(pause.pid()).orElseThrow().destroyForcibly();
        await().until(() -> fx.podsOf("keeper").stream().anyMatch(p -> p.name().equals("keeper-r1-0") && !p.id().equals(pod.id())));
        await().until(() -> ready("keeper").size() == 2);
        await().until(() -> lastLine("keeper-r1-0-app").equals("boot-2"));
        assertThat(lastLine("keeper-r1-1-app")).isEqualTo("boot-1"); // its own volume

        fx.workloads.remove("keeper");
        await().until(() -> fx.podsOf("keeper").isEmpty());
        // kept after the app, as a StatefulSet keeps its claims
        assertThat(fx.engine.volumes().list()).extracting(VolumeInfo::name).contains("keeper-data-0", "keeper-data-1");
        fx.engine.volumes().remove("keeper-data-0", false);
        fx.engine.volumes().remove("keeper-data-1", false);
    }

    private static String lastLine(String container) {
        List<dev.legends.runtime.LogLine> lines = fx.engine.containers().logs(container);
        return lines.isEmpty() ? "" : lines.getLast().text();
    }

    @Test
    void scalesUpAndDown() {
        fx.workloads.apply(manifest("scaly", 1, ""));
        await().until(() -> ready("scaly").size() == 1);
        fx.workloads.scale("scaly", 4);
        await().until(() -> ready("scaly").size() == 4);
        assertThat(fx.workloads.get("scaly").replicas()).isEqualTo(4);
        fx.workloads.scale("scaly", 1);
        await().until(() -> fx.podsOf("scaly").size() == 1 && fx.workloads.platform().instances("scaly").size() == 1);
        assertThat(fx.podsOf("scaly").getFirst().name()).isEqualTo("scaly-r1-0");
        assertThat(fx.workloads.history("scaly")).hasSize(1);
        assertThatThrownBy(() -> fx.workloads.scale("scaly", -1)).isInstanceOf(LegendsException.class)
                .hasMessageContaining("replicas must be within 0..100");
    }

    @Test
    void killedProcessIsReplacedAndPausedPodIsReplaced() throws Exception {
        fx.workloads.apply(manifest("phoenix", 2, ""));
        await().until(() -> ready("phoenix").size() == 2);
        ContainerInfo app = fx.engine.containers().get("phoenix-r1-0-app");
        ProcessHandle.of(app.pid()).orElseThrow().destroyForcibly();
        await().until(() -> {
            ContainerInfo now = fx.engine.containers().get("phoenix-r1-0-app");
            return now.running() && now.pid() != app.pid();
        });
        await().until(() -> ready("phoenix").size() == 2);
        Instance i0 = fx.workloads.platform().instances("phoenix").stream().filter(i -> i.name().equals("phoenix-r1-0")).findFirst().orElseThrow();
        assertThat(i0.restarts()).isEqualTo(1);

        // the pause container gone: the whole pod is replaced
        PodInfo pod = fx.podsOf("phoenix").stream().filter(p -> p.name().equals("phoenix-r1-1")).findFirst().orElseThrow();
        ContainerInfo pause = fx.engine.containers().list(true).stream().filter(c -> c.id().equals(pod.pauseId())).findFirst().orElseThrow();
        ProcessHandle.of(pause.pid()).orElseThrow().destroyForcibly();
        await().until(() -> fx.podsOf("phoenix").stream().anyMatch(p -> p.name().equals("phoenix-r1-1") && !p.id().equals(pod.id())));
        await().until(() -> ready("phoenix").size() == 2);
        assertThat(fx.podsOf("phoenix")).hasSize(2);
    }

    @Test
    void failingLivenessRestartsTheContainer() {
        // healthy for about two seconds, then the liveness file is gone
        fx.workloads.apply(manifest("sickly", 1, """
                args: []
                livenessProbe:
                  exec: {command: [cat, /tmp/healthy]}
                  periodSeconds: 1
                  failureThreshold: 2
                """).replace("command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]",
                "command: [\"sh\", \"-c\", \"touch /tmp/healthy; sleep 2; rm /tmp/healthy; while true; do sleep 1; done\"]"));
        await().until(() -> ready("sickly").size() == 1);
        await().until(() -> fx.workloads.platform().instances("sickly").stream().anyMatch(i -> i.restarts() >= 1));
        assertThat(fx.workloads.describe("sickly").events()).anySatisfy(e -> assertThat(e.message()).contains("restarted"));
    }

    @Test
    void startupProbeHoldsReadinessAndRestartsWhenItGivesUp() {
        fx.workloads.apply(manifest("slowpoke", 1, """
                startupProbe:
                  exec: {command: [test, -f, /tmp/started]}
                  periodSeconds: 1
                  failureThreshold: 2
                """));
        await().until(() -> fx.workloads.platform().instances("slowpoke").stream().anyMatch(i -> i.restarts() >= 1));
        assertThat(fx.workloads.platform().instances("slowpoke")).noneMatch(Instance::ready);
        assertThat(fx.workloads.describe("slowpoke").events()).anySatisfy(e -> assertThat(e.message()).contains("restarted"));
    }

    @Test
    void readinessDecidesReadyAndListenersHear() throws Exception {
        Set<String> heard = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (AutoCloseable sub = fx.workloads.onInstancesChanged(heard::add)) {
            fx.workloads.apply(manifest("shy", 2, """
                    readinessProbe:
                      exec: {command: [test, -f, /tmp/ready]}
                      periodSeconds: 1
                      failureThreshold: 1
                    """));
            await().until(() -> fx.workloads.platform().instances("shy").stream()
                    .filter(i -> i.phase() == Instance.Phase.RUNNING).count() == 2);
            Thread.sleep(1500);
            assertThat(fx.workloads.platform().instances("shy")).noneMatch(Instance::ready);
            assertThat(fx.workloads.get("shy").ready()).isZero();
            heard.clear();
            fx.engine.containers().exec("shy-r1-1-app", List.of("touch", "/tmp/ready"), List.of(), null, null);
            await().until(() -> ready("shy").size() == 1);
            assertThat(ready("shy").getFirst().name()).isEqualTo("shy-r1-1");
            await().until(() -> heard.contains("shy"));
            fx.engine.containers().exec("shy-r1-1-app", List.of("rm", "/tmp/ready"), List.of(), null, null);
            await().until(() -> ready("shy").isEmpty());
        }
    }

    @Test
    void daemonRestartAdoptsPodsWithoutDuplicates() {
        fx.workloads.apply(manifest("steady", 3, ""));
        await().until(() -> ready("steady").size() == 3);
        ProcessHandle.of(fx.engine.containers().get("steady-r1-1-app").pid()).orElseThrow().destroyForcibly();
        await().until(() -> ready("steady").size() == 3 && restarts("steady-r1-1") == 1);
        Set<String> before = fx.podsOf("steady").stream().map(PodInfo::id).collect(Collectors.toSet());
        fx.closeDaemon();
        fx.open();
        await().until(() -> ready("steady").size() == 3);
        assertThat(fx.podsOf("steady").stream().map(PodInfo::id).collect(Collectors.toSet())).isEqualTo(before);
        assertThat(restarts("steady-r1-1")).as("restart count kept across the daemon restart").isEqualTo(1);

        // killed mid-reconcile: desired state changed while no daemon ran, one pod lost meanwhile
        fx.closeDaemon();
        fx.store.inTransaction(tx -> tx.update("UPDATE app_desired SET replicas = 4 WHERE app = 'steady'"));
        fx.open();
        fx.engine.pods().remove("steady-r1-2", true);
        await().until(() -> ready("steady").size() == 4);
        assertThat(fx.podsOf("steady")).extracting(PodInfo::name)
                .containsExactlyInAnyOrder("steady-r1-0", "steady-r1-1", "steady-r1-2", "steady-r1-3");
    }

    @Test
    void removeTakesPodsAndRoute() {
        fx.workloads.apply(manifest("gone", 2, "route: {path: /gone, port: 80}"));
        await().until(() -> ready("gone").size() == 2);
        assertThat(fx.router.routes).containsKey("gone");
        fx.workloads.remove("gone");
        assertThat(fx.podsOf("gone")).isEmpty();
        assertThat(fx.router.routes).doesNotContainKey("gone");
        assertThat(fx.engine.containers().list(true)).noneMatch(c -> c.name().startsWith("gone-"));
        assertThatThrownBy(() -> fx.workloads.get("gone")).hasMessage("app gone not found");
    }

    @Test
    void badImageFailsWithBackoffAndIsShown() {
        fx.workloads.apply(manifest("nope", 1, "").replace("image: " + WorkloadFixture.IMAGE, "image: test/missing"));
        await().until(() -> fx.workloads.describe("nope").instances().stream().anyMatch(o -> o.message() != null
                && o.instance().phase() == Instance.Phase.FAILED));
        assertThat(fx.workloads.describe("nope").instances().getFirst().message()).contains("test/missing");
    }
}
