package dev.legends.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.server.host.Check;
import dev.legends.server.host.HostReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostReportTest {
    @Test
    void reportsEveryPartAndAgreesWithTheHost() throws Exception {
        List<Check> checks = HostReport.run();
        assertThat(checks).extracting(Check::name).containsExactly(
                "kernel", "overlayfs", "namespaces", "cgroups", "runc", "conmon", "legends-monitor", "catatonit", "cni plugins", "iptables", "busybox",
                "privileges");
        Check kernel = checks.getFirst();
        assertThat(kernel.detail()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        Check runc = checks.stream().filter(c -> c.name().equals("runc")).findFirst().orElseThrow();
        assertThat(runc.ok()).isEqualTo(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")));
        // the runtime module this test runs against was built with cc, which put the monitor in its jar
        assertThat(checks.stream().filter(c -> c.name().equals("legends-monitor")).findFirst().orElseThrow().ok()).isTrue();
        checks.stream().filter(c -> !c.ok()).forEach(c -> assertThat(c.hint()).isNotBlank());
    }
}
