package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Namespaces, capabilities and mounts of real containers run by runc. */
@Tag("runc")
class IsolationTest {
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void theCommandIsPid1WithItsOwnHostname() {
        ContainerSpec spec = fx.spec("sh", "-c", "echo pid=$$; hostname").hostname("web-1").build();
        fx.runtime.run(spec);

        assertThat(fx.runtime.wait(spec.id(), Duration.ofSeconds(10))).get()
                .satisfies(e -> assertThat(e.exitCode()).isZero());
        assertThat(fx.runtime.logs(spec.id())).extracting(LogLine::text).containsExactly("pid=1", "web-1");
    }

    @Test
    void everyNamespaceDiffersFromTheHosts() {
        ContainerSpec spec = fx.spec("sleep", "1000").build();
        Container c = fx.runtime.run(spec);

        Inspection in = fx.runtime.inspect(spec.id());
        assertThat(in.pid()).isEqualTo(c.pid()).isPositive();
        assertThat(in.namespaces()).extracting(Inspection.NamespaceInfo::type)
                .containsExactlyInAnyOrder(NamespaceType.values());
        assertThat(in.namespaces()).allSatisfy(ns -> {
            assertThat(ns.sharedWithHost()).as(ns.type().name()).isFalse();
            assertThat(ns.joinedFrom()).isNull();
        });
    }

    @Test
    void aSecondContainerJoinsTheFirstsNetworkIpcAndUtsNamespaces() {
        ContainerSpec pause = fx.spec("sleep", "1000").hostname("pod-a").build();
        long pausePid = fx.runtime.run(pause).pid();
        ContainerSpec app = fx.spec("sleep", "1000")
                .namespace(NamespaceType.NETWORK, Namespace.ofProcess(pausePid, NamespaceType.NETWORK))
                .namespace(NamespaceType.IPC, Namespace.ofProcess(pausePid, NamespaceType.IPC))
                .namespace(NamespaceType.UTS, Namespace.ofProcess(pausePid, NamespaceType.UTS))
                .build();
        fx.runtime.run(app);

        Map<NamespaceType, Inspection.NamespaceInfo> a = byType(fx.runtime.inspect(pause.id()));
        Map<NamespaceType, Inspection.NamespaceInfo> b = byType(fx.runtime.inspect(app.id()));
        for (NamespaceType shared : new NamespaceType[] {NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS}) {
            assertThat(b.get(shared).inode()).as(shared.name()).isEqualTo(a.get(shared).inode());
            assertThat(b.get(shared).joinedFrom()).isEqualTo(Path.of("/proc/" + pausePid + "/ns/" + shared.procName()));
        }
        assertThat(b.get(NamespaceType.PID).inode()).isNotEqualTo(a.get(NamespaceType.PID).inode());
        assertThat(b.get(NamespaceType.MOUNT).inode()).isNotEqualTo(a.get(NamespaceType.MOUNT).inode());
        assertThat(fx.runtime.exec(app.id(), ExecSpec.of("hostname")).stdout().strip()).isEqualTo("pod-a");
    }

    @Test
    void aContainerSharingAPidNamespaceSeesThePodAndStopsAlone() {
        ContainerSpec pause = fx.spec("sleep", "1000").build();
        long pausePid = fx.runtime.run(pause).pid();
        ContainerSpec app = fx.spec("sh", "-c", "trap '' TERM; sleep 2000")
                .namespace(NamespaceType.PID, Namespace.ofProcess(pausePid, NamespaceType.PID)).build();
        fx.runtime.run(app);

        assertThat(fx.runtime.exec(app.id(), ExecSpec.of("ps", "-o", "pid,args")).stdout())
                .contains("1 sleep 1000", "sleep 2000");
        assertThat(fx.runtime.stop(app.id(), "TERM", Duration.ofMillis(300)).status())
                .isInstanceOfSatisfying(ContainerStatus.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(137));
        // SIGKILL went to every process of the app's cgroup, and to nothing of the pause container
        assertThat(fx.runtime.exec(pause.id(), ExecSpec.of("ps", "-o", "args")).stdout()).doesNotContain("sleep 2000");
        assertThat(fx.runtime.state(pause.id()).isRunning()).isTrue();
    }

    @Test
    void dockersDefaultCapabilitiesWithCapAddAndDrop() {
        ContainerSpec plain = fx.spec("sleep", "1000").build();
        ContainerSpec changed = fx.spec("sleep", "1000").capDrop("NET_RAW", "CHOWN").capAdd("sys_ptrace").build();
        fx.runtime.run(plain);
        fx.runtime.run(changed);

        // docker's well-known default effective set, and no_new_privs
        assertThat(status(plain.id())).containsEntry("CapEff", "00000000a80425fb").containsEntry("NoNewPrivs", "1");
        long expected = 0xa80425fbL & ~(1L << 13) & ~(1L << 0) | (1L << 19);
        assertThat(status(changed.id())).containsEntry("CapEff", String.format("%016x", expected));
    }

    @Test
    void bindMountsReadOnlyAndTmpfsAndMaskedProc() throws IOException {
        Path host = Files.createDirectory(fx.tmp.resolve("shared"));
        Files.writeString(host.resolve("hello.txt"), "from the host");
        ContainerSpec spec = fx.spec("sleep", "1000")
                .mount(Mount.parseVolume(host + ":/data:ro"))
                .mount(Mount.tmpfs("/scratch", 1 << 20))
                .build();
        fx.runtime.run(spec);

        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("cat", "/data/hello.txt")).stdout()).isEqualTo("from the host");
        ExecResult write = fx.runtime.exec(spec.id(), ExecSpec.of("touch", "/data/new"));
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.stderr()).contains("Read-only file system");
        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("touch", "/scratch/new")).exitCode()).isZero();
        // masked: reads as empty; read-only: /proc/sys cannot be written; /dev holds runc's few nodes
        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("cat", "/proc/kcore")).stdout()).isEmpty();
        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("sh", "-c", "echo 1 > /proc/sys/kernel/domainname")).exitCode()).isNotZero();
        assertThat(fx.runtime.exec(spec.id(), ExecSpec.of("ls", "/dev")).stdout().split("\\s+"))
                .contains("null", "zero", "full", "random", "urandom", "tty", "pts", "shm", "mqueue")
                .doesNotContain("sda", "vda", "kmsg", "mem");
    }

    private Map<String, String> status(String id) {
        String out = fx.runtime.exec(id, ExecSpec.of("cat", "/proc/self/status")).stdout();
        return out.lines().filter(l -> l.contains(":"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).strip(), (x, y) -> x));
    }

    private static Map<NamespaceType, Inspection.NamespaceInfo> byType(Inspection in) {
        return in.namespaces().stream().collect(Collectors.toMap(Inspection.NamespaceInfo::type, Function.identity()));
    }
}
