package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config.json as runc reads it: docker's defaults, and each spec field where the spec says. */
class OciTranslatorTest {
    private static final RuntimeConfig CONFIG = new RuntimeConfig(Path.of("/state"), Path.of("/usr/sbin/runc"),
            Path.of("/usr/bin/conmon"), Path.of("/usr/bin/catatonit"), "legends");

    private static JsonNode json(ContainerSpec spec) throws Exception {
        return Json.mapper().readTree(Json.bytes(OciTranslator.toOci(spec, CONFIG, "/legends/" + spec.id())));
    }

    private static List<String> strings(JsonNode array) {
        return Json.mapper().convertValue(array, Json.listOf(String.class));
    }

    @Test
    void aMinimalSpecGetsDockersDefaults() throws Exception {
        JsonNode c = json(ContainerSpec.builder("0123456789abcdef", Path.of("/r")).args("sh").build());

        assertThat(c.path("ociVersion").asText()).isEqualTo("1.0.2");
        assertThat(c.path("hostname").asText()).isEqualTo("0123456789ab");
        assertThat(c.at("/root/path").asText()).isEqualTo("/r");
        JsonNode p = c.path("process");
        assertThat(p.path("noNewPrivileges").asBoolean()).isTrue();
        assertThat(strings(p.path("env"))).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(strings(p.at("/capabilities/bounding"))).containsExactlyInAnyOrder(
                "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
                "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
        assertThat(p.at("/capabilities/inheritable")).isEmpty();
        assertThat(p.path("rlimits").toString()).isEqualTo("[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}]");
        JsonNode linux = c.path("linux");
        assertThat(linux.path("cgroupsPath").asText()).isEqualTo("/legends/0123456789abcdef");
        assertThat(linux.path("namespaces").findValuesAsText("type"))
                .containsExactly("mount", "pid", "uts", "ipc", "network", "cgroup");
        assertThat(strings(linux.path("maskedPaths"))).contains("/proc/kcore", "/proc/keys", "/sys/firmware");
        assertThat(strings(linux.path("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
        assertThat(linux.at("/resources/devices").toString()).isEqualTo("[{\"allow\":false,\"access\":\"rwm\"}]");
        assertThat(c.path("mounts").findValuesAsText("destination"))
                .containsExactly("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm");
        assertThat(strings(c.path("mounts").get(3).path("options"))).contains("ro");
    }

    @Test
    void joinedAndHostNamespacesResourcesMountsAndInit() throws Exception {
        ContainerSpec spec = ContainerSpec.builder("app", Path.of("/r")).args("sleep", "1")
                .namespace(NamespaceType.NETWORK, Namespace.ofProcess(42, NamespaceType.NETWORK))
                .namespace(NamespaceType.UTS, Namespace.ofProcess(42, NamespaceType.UTS))
                .namespace(NamespaceType.CGROUP, Namespace.HOST)
                .resources(Resources.NONE.withCpus(1.5).withCpuShares(512).withMemory(64 << 20).withPidsLimit(50))
                .mount(Mount.parseVolume("/srv/data:/data:ro"))
                .mount(Mount.tmpfs("/run", 1 << 20))
                .capAdd("NET_ADMIN").capDrop("CAP_MKNOD")
                .user(new User(1000, 1000, List.of(10L, 20L)))
                .init(true)
                .build();
        JsonNode c = json(spec);

        assertThat(c.has("hostname")).as("no hostname without a UTS namespace of its own").isFalse();
        assertThat(c.at("/linux/namespaces").toString()).contains(
                "{\"type\":\"network\",\"path\":\"/proc/42/ns/net\"}", "{\"type\":\"uts\",\"path\":\"/proc/42/ns/uts\"}")
                .doesNotContain("cgroup");
        assertThat(c.at("/linux/resources/cpu").toString()).isEqualTo("{\"shares\":512,\"quota\":150000,\"period\":100000}");
        assertThat(c.at("/linux/resources/memory").toString()).isEqualTo("{\"limit\":67108864,\"swap\":67108864}");
        assertThat(c.at("/linux/resources/pids/limit").asLong()).isEqualTo(50);
        assertThat(c.path("mounts").toString()).contains(
                "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv/data\",\"options\":[\"rbind\",\"ro\",\"rprivate\"]}",
                "{\"destination\":\"/run\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"nodev\",\"noexec\",\"size=1048576\"]}",
                "\"destination\":\"/dev/init\",\"type\":\"bind\",\"source\":\"/usr/bin/catatonit\"");
        assertThat(strings(c.at("/process/args"))).containsExactly("/dev/init", "--", "sleep", "1");
        assertThat(strings(c.at("/process/capabilities/effective"))).contains("CAP_NET_ADMIN").doesNotContain("CAP_MKNOD");
        assertThat(c.at("/process/user").toString()).isEqualTo("{\"uid\":1000,\"gid\":1000,\"additionalGids\":[10,20]}");
    }

    @Test
    void capAddAllAndCapDropAll() {
        assertThat(OciTranslator.capabilities(java.util.Set.of("ALL"), java.util.Set.of())).hasSize(DockerDefaults.ALL_CAPABILITIES.size());
        assertThat(OciTranslator.capabilities(java.util.Set.of("kill"), java.util.Set.of("all"))).isEmpty();
    }

    @Test
    void execEnvironmentOverridesByKey() {
        assertThat(OciTranslator.environment(List.of("PATH=/bin", "A=1", "B=2"), List.of("A=9", "C=3")))
                .containsExactly("PATH=/bin", "A=9", "B=2", "C=3");
    }
}
