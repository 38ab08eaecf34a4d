package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.runtime.LogLine;
import dev.legends.runtime.NamespaceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container is a namespace-isolated process on the host, on a copy-on-write root filesystem. */
@Tag("runc")
class ContainerIsolationTest {
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
    void theCommandIsPid1WithItsOwnHostname() {
        ContainerInfo c = fx.run(EngineFixture.busybox("sh", "-c", "echo pid=$$; hostname; echo $HOSTNAME"));
        ContainerInfo named = fx.run(EngineFixture.busybox("hostname").hostname("web-1"));

        assertThat(fx.containers().wait(c.id(), Duration.ofSeconds(10))).get().extracting(e -> e.exitCode()).isEqualTo(0);
        fx.containers().wait(named.id(), Duration.ofSeconds(10));
        assertThat(c.id()).matches("[0-9a-f]{64}");
        assertThat(c.name()).matches("[a-z]+_[a-z]+\\d?");
        assertThat(fx.containers().logs(c.id())).extracting(LogLine::text)
                .containsExactly("pid=1", c.id().substring(0, 12), c.id().substring(0, 12));
        assertThat(fx.containers().logs(named.name())).extracting(LogLine::text).containsExactly("web-1");
    }

    @Test
    void everyNamespaceDiffersFromTheHostsAndInspectShowsTheMechanism() {
        ContainerInfo c = fx.run(EngineFixture.busybox("sleep", "1000").memory(64L << 20).pidsLimit(50).cpus(0.5));

        ContainerDetails d = fx.containers().inspect(c.id().substring(0, 8));
        assertThat(d.container().pid()).isPositive();
        assertThat(d.namespaces()).extracting(ContainerDetails.NamespaceView::type).containsExactlyInAnyOrder(NamespaceType.values());
        assertThat(d.namespaces()).allSatisfy(ns -> {
            assertThat(ns.inode()).as(ns.type().name()).isNotEqualTo(ns.hostInode());
            assertThat(ns.sharedWithPause()).isNull();
        });
        assertThat(d.limits().memoryLimitBytes()).isEqualTo(64L << 20);
        assertThat(d.limits().pidsMax()).isEqualTo(50);
        assertThat(d.limits().cpuQuotaMicros()).isEqualTo(50_000);
        assertThat(d.cgroups()).isNotEmpty().allSatisfy(cg -> assertThat(cg.path().toString()).endsWith("/legends/" + c.id()));
        assertThat(d.rootfs().type()).isEqualTo("overlay");
        assertThat(d.rootfs().mounted()).isTrue();
        assertThat(d.rootfs().lowerDirs()).hasSize(1);
        assertThat(d.rootfs().upperDir()).isDirectory();
        assertThat(fx.containers().top(c.name())).singleElement().satisfies(p -> {
            assertThat(p.pid()).isEqualTo(c.pid());
            assertThat(p.command()).isEqualTo("sleep 1000");
            assertThat(p.uid()).isEqualTo("root");
        });
    }

    @Test
    void writesGoToTheUpperDirAndTheImagesLayerStaysAsItWas() throws Exception {
        ContainerInfo c = fx.run(EngineFixture.busybox("sh", "-c",
                "echo changed > /etc/motd; rm /bin/ls; echo new > /new; sleep 1000"));
        ContainerDetails d = fx.containers().inspect(c.id());
        Path lower = d.rootfs().lowerDirs().getFirst();
        Path upper = d.rootfs().upperDir();
        EngineFixture.await().until(() -> Files.exists(upper.resolve("new")));

        assertThat(fx.containers().exec(c.id(), java.util.List.of("cat", "/etc/motd"), null, null, null).stdout()).isEqualTo("changed\n");
        assertThat(fx.containers().exec(c.id(), java.util.List.of("ls", "/"), null, null, null).exitCode()).isEqualTo(127);
        assertThat(Files.readString(lower.resolve("etc/motd"))).isEqualTo("from the image\n");
        assertThat(lower.resolve("bin/ls")).exists();
        assertThat(lower.resolve("new")).doesNotExist();
        assertThat(Files.readString(upper.resolve("etc/motd"))).isEqualTo("changed\n");
        assertThat(Files.readString(upper.resolve("new"))).isEqualTo("new\n");
        // a whiteout: a 0/0 character device hides the lower file
        assertThat((long) Files.getAttribute(upper.resolve("bin/ls"), "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS)).isZero();
        assertThat(Files.isRegularFile(upper.resolve("bin/ls"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
