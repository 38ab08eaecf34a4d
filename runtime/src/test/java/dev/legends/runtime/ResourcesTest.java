package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** cgroup limits: what the kernel holds, and that it enforces them. */
@Tag("runc")
class ResourcesTest {
    private static final long MB = 1024 * 1024;

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void aMemoryHogIsOomKilledAndReportedSo() {
        // /dev/shm is a tmpfs: its pages are charged to the container's memory cgroup
        ContainerSpec spec = fx.spec("dd", "if=/dev/zero", "of=/dev/shm/x", "bs=1M", "count=64")
                .resources(Resources.NONE.withMemory(16 * MB)).build();
        fx.runtime.run(spec);

        ContainerStatus.Exited exited = fx.runtime.wait(spec.id(), Duration.ofSeconds(20)).orElseThrow();
        assertThat(exited.exitCode()).isEqualTo(137);
        assertThat(exited.oomKilled()).isTrue();
        assertThat(exited.finishedAt()).isAfterOrEqualTo(exited.startedAt());
        assertThat(fx.runtime.inspect(spec.id()).limits().oomKills()).isPositive();
    }

    @Test
    void aContainerThatStaysUnderItsLimitIsNotReportedOomKilled() {
        ContainerSpec spec = fx.spec("dd", "if=/dev/zero", "of=/dev/shm/x", "bs=1M", "count=2")
                .resources(Resources.NONE.withMemory(16 * MB)).build();
        fx.runtime.run(spec);

        ContainerStatus.Exited exited = fx.runtime.wait(spec.id(), Duration.ofSeconds(20)).orElseThrow();
        assertThat(exited.exitCode()).isZero();
        assertThat(exited.oomKilled()).isFalse();
    }

    @Test
    void thePidsLimitStopsAForkBomb() {
        ContainerSpec spec = fx.spec("sleep", "1000").resources(Resources.NONE.withPidsLimit(8)).build();
        fx.runtime.run(spec);

        ExecResult forks = fx.runtime.exec(spec.id(), ExecSpec.of("sh", "-c",
                "i=0; while [ $i -lt 20 ]; do sleep 100 >/dev/null 2>&1 & i=$((i+1)); done; echo spawned $i")
                .withTimeout(Duration.ofSeconds(20)));
        assertThat(forks.stderr()).contains("can't fork");
        Inspection.CgroupLimits limits = fx.runtime.inspect(spec.id()).limits();
        assertThat(limits.pidsMax()).isEqualTo(8);
        assertThat(limits.pidsCurrent()).isBetween(1L, 8L);
    }

    @Test
    void limitsAreReadBackFromTheCgroupFiles() {
        ContainerSpec spec = fx.spec("sleep", "1000")
                .resources(Resources.NONE.withCpus(0.5).withCpuShares(512).withMemory(64 * MB).withPidsLimit(100))
                .build();
        fx.runtime.run(spec);

        Inspection in = fx.runtime.inspect(spec.id());
        assertThat(in.limits().cpuQuotaMicros()).isEqualTo(50_000);
        assertThat(in.limits().cpuPeriodMicros()).isEqualTo(100_000);
        assertThat(in.limits().cpuShares()).isEqualTo(512);
        assertThat(in.limits().memoryLimitBytes()).isEqualTo(64 * MB);
        assertThat(in.limits().memorySwapLimitBytes()).isEqualTo(64 * MB);
        assertThat(in.limits().pidsMax()).isEqualTo(100);
        assertThat(in.limits().memoryUsageBytes()).isPositive();
        assertThat(in.cgroups()).extracting(Inspection.CgroupInfo::hierarchy).contains("memory", "cpu", "pids", "unified");
        assertThat(in.cgroups()).allSatisfy(cg -> assertThat(cg.path().toString()).endsWith("/legends/" + spec.id()));
    }

    @Test
    void rlimitsDefaultTo1024OpenFiles() {
        ContainerSpec plain = fx.spec("sleep", "1000").build();
        ContainerSpec raised = fx.spec("sleep", "1000").rlimit(Rlimit.parse("nofile=2048:4096")).build();
        fx.runtime.run(plain);
        fx.runtime.run(raised);

        assertThat(openFiles(plain.id())).containsExactly("1024", "1024");
        assertThat(openFiles(raised.id())).containsExactly("2048", "4096");
    }

    @Test
    void anRlimitAboveTheHostsHardLimitIsRefused() {
        ContainerSpec spec = fx.spec("true").rlimit(new Rlimit("nofile", 1024, 1L << 40)).build();
        assertThatThrownBy(() -> fx.runtime.create(spec))
                .isInstanceOf(LegendsException.class)
                .hasMessageContaining("create " + spec.id() + ": rlimit RLIMIT_NOFILE hard 1099511627776 exceeds the host's hard limit");
    }

    /** Soft and hard RLIMIT_NOFILE of PID 1, as the kernel reports them. */
    private java.util.List<String> openFiles(String id) {
        String line = fx.runtime.exec(id, ExecSpec.of("grep", "open files", "/proc/1/limits")).stdout();
        String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
        return java.util.List.of(cols[0], cols[1]);
    }
}
