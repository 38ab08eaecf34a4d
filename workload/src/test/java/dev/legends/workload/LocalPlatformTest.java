package dev.legends.workload;

import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Platform conformance suite on the local engine. */
class LocalPlatformTest extends PlatformConformance {
    private static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path tmp;

    static WorkloadFixture fx;

    @BeforeAll
    static void open() throws Exception {
        fx = new WorkloadFixture(tmp, null);
        // revisions are scaled by the suite, as the release layer would: apply must not switch them
        fx.workloads.setRevisionHandler((app, stable, next) -> { });
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

    @Override
    protected Platform platform() {
        return fx.workloads.platform();
    }

    @Override
    protected RevisionRef revision(String app, int number) {
        // replicas 0: the app's revisions are known, and the suite decides how many run
        Views.Applied a = fx.workloads.apply(WorkloadFixture.manifest(app, 0, "env: [{name: REVISION, value: \"" + number + "\"}]"));
        return fx.workloads.catalog().revision(app, a.revision());
    }

    @Override
    protected String appName(String hint) {
        return "conf-" + hint + "-" + SEQ.incrementAndGet();
    }
}
