package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.snapshot.SnapshotKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rm takes everything back, and a run that fails leaves nothing at all. */
@Tag("runc")
class CleanupTest {
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
    void rmLeavesNoMountCgroupRuncStateOrSnapshot() {
        ContainerInfo c = fx.run(EngineFixture.busybox("sleep", "1000"));
        assertThat(Leftovers.of(fx.root, fx.unpacker.snapshots(), c.id()))
                .anyMatch(l -> l.startsWith("mount ")).anyMatch(l -> l.startsWith("cgroup ")).anyMatch(l -> l.startsWith("snapshot "));

        assertThatThrownBy(() -> fx.containers().remove(c.name(), false))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("is running");
        fx.containers().remove(c.id(), true);

        assertThat(Leftovers.of(fx.root, fx.unpacker.snapshots(), c.id())).isEmpty();
        assertThat(fx.containers().list(true)).isEmpty();
        assertThatThrownBy(() -> fx.containers().get(c.id())).hasMessage("no such container: " + c.id());
    }

    @Test
    void badInputsFailWithOneLineAndLeaveNothing() throws IOException {
        fx.run(EngineFixture.busybox("sleep", "1000").name("taken"));
        int before = fx.containers().list(true).size();

        assertThatThrownBy(() -> fx.containers().run(RunSpec.builder("no/such-image", "true").build(), p -> { }))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("run no/such-image: no such image: no/such-image");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").memory(1L << 20).build(), p -> { }))
                .hasMessageContaining("memory limit 1048576 bytes is too small: the minimum is 6MB");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").name("taken").build(), p -> { }))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ALREADY_EXISTS))
                .hasMessageContaining("the container name taken is already in use");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").volume("/no/such/dir:/data").build(), p -> { }))
                .hasMessageContaining("bind mount source path does not exist: /no/such/dir");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").volume("./relative:/data").build(), p -> { }))
                .hasMessageContaining("must be an absolute host path");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").logOpt("max-file=3").build(), p -> { }))
                .hasMessageContaining("unknown log option max-file: the k8s-file log takes max-size");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").logOpt("max-size=1k").build(), p -> { }))
                .hasMessageContaining("log max-size 1k is too small: the minimum is 16KB");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").logOpt("max-size").build(), p -> { }))
                .hasMessageContaining("invalid --log-opt max-size: expected KEY=VALUE");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").user("nosuchuser").build(), p -> { }))
                .hasMessageContaining("unable to find user nosuchuser");
        RunResult notFound = fx.containers().run(EngineFixture.busybox("no-such-command").build(), p -> { });
        RunResult notExecutable = fx.containers().run(EngineFixture.busybox("/etc/motd").build(), p -> { });

        assertThat(notFound.exitCode()).isEqualTo(127);
        assertThat(notFound.error()).contains("no-such-command").contains("not found");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(Leftovers.of(fx.root, fx.unpacker.snapshots(), notFound.container().id())).isEmpty();
        assertThat(Leftovers.of(fx.root, fx.unpacker.snapshots(), notExecutable.container().id())).isEmpty();
        assertThat(fx.containers().list(true)).hasSize(before);
        assertThat(fx.unpacker.snapshots().list()).filteredOn(s -> s.kind() == SnapshotKind.ACTIVE).hasSize(before);
        assertThat(entries(fx.root.resolve("containers"))).hasSize(before);
        assertThat(entries(Leftovers.runtimeDir(fx.root).resolve("runc"))).hasSize(before);
        assertThat(entries(Leftovers.runtimeDir(fx.root).resolve("containers"))).hasSize(before);
        assertThat(MountPoints.under(fx.root)).hasSize(before);
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
