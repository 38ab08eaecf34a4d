package dev.legends.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Platform} adapter must do, run against each (as containerd's snapshotter test
 * suite): a subclass supplies the platform and two revisions of one app whose instances stay up
 * and become ready without traffic; the suite scales them and watches {@link Platform#instances}.
 * The subclass removes the app after each test.
 */
public abstract class PlatformConformance {
    /** The platform under test. */
    protected abstract Platform platform();

    /** Revision {@code number} (1 or 2) of {@code app}, two different templates; made the first time it is asked for. */
    protected abstract RevisionRef revision(String app, int number);

    /** A fresh app name for one test (a DNS label). */
    protected abstract String appName(String hint);

    /** How long convergence may take on this platform. */
    protected Duration convergence() {
        return Duration.ofSeconds(60);
    }

    protected void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + convergence().toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e; // an observation that failed is tried again
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("not within " + convergence().toSeconds() + "s: " + what, last);
    }

    private List<Instance> live(String app, int revision) {
        return platform().instances(app).stream()
                .filter(i -> i.revision() == revision && i.phase() != Instance.Phase.TERMINATING).toList();
    }

    private long readyOf(String app, int revision) {
        return live(app, revision).stream().filter(Instance::ready).count();
    }

    @Test
    void scaleUpMakesReadyInstances() {
        String app = appName("up");
        RevisionRef r1 = revision(app, 1);
        platform().scale(r1, 2);
        assertThat(platform().desired(app, 1)).isEqualTo(2);
        await("2 ready instances of " + app, () -> readyOf(app, 1) == 2);
        assertThat(live(app, 1)).allSatisfy(i -> {
            assertThat(i.app()).isEqualTo(app);
            assertThat(i.phase()).isEqualTo(Instance.Phase.RUNNING);
            assertThat(i.name()).isNotBlank();
            assertThat(i.started()).isNotNull();
        });
        assertThat(live(app, 1)).extracting(Instance::name).doesNotHaveDuplicates();
        platform().scale(r1, 3);
        await("3 ready instances of " + app, () -> readyOf(app, 1) == 3);
    }

    @Test
    void scaleDownRemovesInstances() {
        String app = appName("down");
        RevisionRef r1 = revision(app, 1);
        platform().scale(r1, 3);
        await("3 ready", () -> readyOf(app, 1) == 3);
        platform().scale(r1, 1);
        assertThat(platform().desired(app, 1)).isEqualTo(1);
        await("1 instance left", () -> platform().instances(app).size() == 1 && readyOf(app, 1) == 1);
    }

    @Test
    void zeroKeepsTheRevisionKnownButRunsNothing() {
        String app = appName("zero");
        RevisionRef r1 = revision(app, 1);
        platform().scale(r1, 1);
        await("1 ready", () -> readyOf(app, 1) == 1);
        platform().scale(r1, 0);
        assertThat(platform().desired(app, 1)).isZero();
        await("no instances", () -> platform().instances(app).isEmpty());
    }

    @Test
    void removeStopsAndForgetsARevision() {
        String app = appName("rm");
        RevisionRef r1 = revision(app, 1);
        platform().scale(r1, 2);
        await("2 ready", () -> readyOf(app, 1) == 2);
        platform().remove(app, 1);
        assertThat(platform().desired(app, 1)).isZero();
        await("no instances", () -> platform().instances(app).isEmpty());
    }

    @Test
    void aNewRevisionRunsBesideTheOld() {
        String app = appName("two");
        RevisionRef r1 = revision(app, 1);
        RevisionRef r2 = revision(app, 2);
        assertThat(r2.revision()).isNotEqualTo(r1.revision());
        platform().scale(r1, 2);
        platform().scale(r2, 1);
        await("2 of the old and 1 of the new ready", () -> readyOf(app, r1.revision()) == 2 && readyOf(app, r2.revision()) == 1);
        assertThat(platform().desired(app, r1.revision())).isEqualTo(2);
        assertThat(platform().desired(app, r2.revision())).isEqualTo(1);
        // the switch: the new up, the old away
        platform().scale(r2, 2);
        platform().scale(r1, 0);
        await("only the new revision", () -> readyOf(app, r2.revision()) == 2 && platform().instances(app).stream()
                .allMatch(i -> i.revision() == r2.revision()));
    }
}
