package dev.legends.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.Manifests;
import dev.legends.workload.manifest.PodTemplate;
import dev.legends.workload.manifest.Probe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsTest {
    private static final String FULL = """
            apiVersion: legends.dev/v1
            kind: App
            metadata:
              name: shop
              annotations: {legends.dev/change-cause: "bump to 2.1"}
            spec:
              image: registry.local/shop:2.1
              command: [java]
              args: [-jar, /app.jar]
              env:
                - {name: MODE, value: prod}
              replicas: 4
              ports: [{containerPort: 8080, name: http}]
              readinessProbe:
                httpGet: {path: /ready, port: http}
              livenessProbe:
                tcpSocket: {port: 8080}
                initialDelaySeconds: 5
              startupProbe:
                exec: {command: [cat, /tmp/started]}
                failureThreshold: 30
                periodSeconds: 2
              resources: {limits: {cpu: 500m, memory: 256Mi}}
              network: {name: legends, stickyIPs: true}
              route: {host: shop.example, path: /shop}
              strategy:
                canary:
                  steps: [{setWeight: 20}, {pause: {duration: 30s}}]
            """;

    @Test
    void readsEveryFieldWithKubernetesDefaults() {
        AppManifest m = Manifests.parse(FULL);
        assertThat(m.name()).isEqualTo("shop");
        assertThat(m.changeCause()).isEqualTo("bump to 2.1");
        assertThat(m.replicas()).isEqualTo(4);
        PodTemplate t = m.template();
        assertThat(t.command()).containsExactly("java");
        assertThat(t.args()).containsExactly("-jar", "/app.jar");
        assertThat(t.env()).containsExactly(new PodTemplate.EnvVar("MODE", "prod"));
        assertThat(t.readinessProbe()).isEqualTo(new Probe(new Probe.HttpGet("/ready", 8080), null, null, 0, 10, 1, 1, 3));
        assertThat(t.livenessProbe().tcpSocket().port()).isEqualTo(8080);
        assertThat(t.livenessProbe().initialDelaySeconds()).isEqualTo(5);
        assertThat(t.startupProbe().exec().command()).containsExactly("cat", "/tmp/started");
        assertThat(t.startupProbe().failureThreshold()).isEqualTo(30);
        assertThat(t.resources().cpuMillis()).isEqualTo(500);
        assertThat(t.resources().memoryBytes()).isEqualTo(256L << 20);
        assertThat(m.network()).isEqualTo(new AppManifest.Network("legends", true));
        assertThat(m.route()).isEqualTo(new AppManifest.Route("shop.example", "/shop", 8080));
        assertThat(m.strategy()).containsKey("canary");
    }

    @Test
    void jsonIsAcceptedToo() {
        AppManifest m = Manifests.parse("""
                {"apiVersion": "legends.dev/v1", "kind": "App", "metadata": {"name": "j"},
                 "spec": {"image": "busybox", "env": {"A": "1"}}}""");
        assertThat(m.replicas()).isEqualTo(1);
        assertThat(m.changeCause()).isEqualTo("apply");
        assertThat(m.template().env()).containsExactly(new PodTemplate.EnvVar("A", "1"));
    }

    @Test
    void templateHashIgnoresReplicasRouteAndFieldOrder() {
        AppManifest a = Manifests.parse(FULL);
        AppManifest b = Manifests.parse(FULL.replace("replicas: 4", "replicas: 9").replace("host: shop.example", "host: other")
                .replace("resources: {limits: {cpu: 500m, memory: 256Mi}}", "resources: {limits: {memory: 256Mi, cpu: 500m}}"));
        assertThat(AppStore.hash(a.template())).isEqualTo(AppStore.hash(b.template()));
        AppManifest c = Manifests.parse(FULL.replace("value: prod", "value: test"));
        assertThat(AppStore.hash(c.template())).isNotEqualTo(AppStore.hash(a.template()));
        assertThat(AppStore.template(AppStore.tree(a.template()))).isEqualTo(a.template());
    }

    @Test
    void volumesAreReadCheckedAndLeftOutOfOldTemplatesHashes() {
        String with = FULL.replace("  replicas: 4\n", "  replicas: 4\n  volumes: [{name: data, mountPath: /var/lib/shop}, {name: cache, mountPath: /cache, readOnly: true}]\n");
        AppManifest m = Manifests.parse(with);
        assertThat(m.template().volumes()).containsExactly(new PodTemplate.Volume("data", "/var/lib/shop", false),
                new PodTemplate.Volume("cache", "/cache", true));
        assertThat(AppStore.hash(m.template())).isNotEqualTo(AppStore.hash(Manifests.parse(FULL).template()));
        // a template without volumes serializes as it did before they existed: same JSON, same hash, no new revision
        assertThat(AppStore.tree(Manifests.parse(FULL).template())).doesNotContainKey("volumes");
        assertThat(AppStore.template(AppStore.tree(m.template()))).isEqualTo(m.template());
        Map<String, String> cases = Map.of(
                "[{name: Data, mountPath: /d}]", "spec.volumes[0].name: must be lower-case letters",
                "[{name: data, mountPath: d}]", "spec.volumes[0].mountPath: must be an absolute path",
                "[{name: data, mountPath: /d}, {name: data, mountPath: /e}]", "spec.volumes[1].name: a second volume named data",
                "[{name: a, mountPath: /d}, {name: b, mountPath: /d}]", "spec.volumes[1].mountPath: a second volume at /d",
                "[{mountPath: /d}]", "spec.volumes[0].name: required");
        cases.forEach((volumes, message) -> assertThatThrownBy(() -> Manifests.parse(
                FULL.replace("  replicas: 4\n", "  replicas: 4\n  volumes: " + volumes + "\n")))
                .as(message).isInstanceOf(LegendsException.class).hasMessageStartingWith(message));
    }

    @Test
    void errorsNameTheFieldAndTheProblem() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(FULL.replace("replicas: 4", "replicas: -1"), "spec.replicas: must be >= 0");
        cases.put(FULL.replace("replicas: 4", "replicas: many"), "spec.replicas: must be an integer");
        cases.put(FULL.replace("  image: registry.local/shop:2.1\n", ""), "spec.image: required");
        cases.put(FULL.replace("kind: App", "kind: Deployment"), "kind: must be App, not Deployment");
        cases.put(FULL.replace("apiVersion: legends.dev/v1", "apiVersion: apps/v1"), "apiVersion: must be legends.dev/v1, not apps/v1");
        cases.put(FULL.replace("name: shop", "name: Shop_1"), "metadata.name: must be lower-case letters");
        cases.put(FULL.replace("tcpSocket: {port: 8080}", "tcpSocket: {port: 8080}\n    exec: {command: [x]}"),
                "spec.livenessProbe: needs exactly one of httpGet, tcpSocket and exec");
        cases.put(FULL.replace("port: http}", "port: admin}"), "spec.readinessProbe.httpGet.port: no port named admin in spec.ports");
        cases.put(FULL.replace("initialDelaySeconds: 5", "periodSeconds: 0"), "spec.livenessProbe.periodSeconds: must be >= 1");
        cases.put(FULL.replace("initialDelaySeconds: 5", "successThreshold: 2"), "spec.livenessProbe.successThreshold: must be 1 for liveness");
        cases.put(FULL.replace("cpu: 500m", "cpu: lots"), "spec.resources.limits.cpu: not a CPU quantity: lots");
        cases.put(FULL.replace("memory: 256Mi", "memory: 1Ki"), "spec.resources.limits.memory: must be at least 4Mi");
        cases.put(FULL.replace("stickyIPs: true", "stickyIPs: yes please"), "spec.network.stickyIPs: must be true or false");
        cases.put(FULL.replace("path: /shop", "path: shop"), "spec.route.path: must start with /");
        cases.put(FULL.replace("containerPort: 8080", "containerPort: 70000"), "spec.ports[0].containerPort: must be in 1..65535");
        cases.put(FULL.replace("  replicas: 4", "  replica: 4"), "spec.replica: unknown field");
        cases.put(FULL.replace("strategy:\n    canary:", "strategy: canary\n    x:"), "manifest: not valid YAML or JSON");
        cases.put("just text", "manifest: must be a mapping");
        cases.forEach((text, message) -> assertThatThrownBy(() -> Manifests.parse(text))
                .as(message).isInstanceOf(LegendsException.class).hasMessageStartingWith(message));
    }

    @Test
    void probeDefaultsAreKubernetes() {
        Probe p = Manifests.parse(FULL).template().livenessProbe();
        assertThat(List.of(p.periodSeconds(), p.timeoutSeconds(), p.successThreshold(), p.failureThreshold())).containsExactly(10, 1, 1, 3);
    }
}
