package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.LogLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a container's output to its exit. Lines flow live through the runtime's log follower;
 * the exit is noticed by watching the monitor's exit file closely (the follower polls slowly),
 * and since the monitor writes that file only after draining the container's output, the log
 * read then is complete: whatever the follower had not delivered yet is delivered from it.
 */
final class Attacher {
    private static final Logger LOG = LoggerFactory.getLogger(Attacher.class);
    private static final long POLL_MS = 5;

    private final ContainerRuntime runtime;
    private final Path exitsDir;
    private final Holds holds;

    Attacher(ContainerRuntime runtime, Path exitsDir, Holds holds) {
        this.runtime = runtime;
        this.exitsDir = exitsDir;
        this.holds = holds;
    }

    /** Delivers the output to {@code sink} until the exit; empty if the reader left first. */
    Optional<ContainerStatus.Exited> attach(StoredContainer c, Consumer<LogLine> sink, BooleanSupplier gone) {
        Counted counted = new Counted(sink);
        Holds.Hold hold = holds.attach(c.id());
        ContainerRuntime.LogFollower follower = null;
        try {
            follower = runtime.followLogs(c.id(), counted);
            if (!awaitExit(c, gone)) {
                return Optional.empty();
            }
            // the follower polls slowly: stop it, then deliver what it had not yet from the complete log
            follower.close();
            follower.awaitEnd(Duration.ofSeconds(2));
            List<LogLine> all = runtime.logs(c.id());
            for (int i = counted.delivered(); i < all.size(); i++) {
                sink.accept(all.get(i));
            }
            ContainerStatus.Exited exit = runtime.wait(c.id(), Duration.ofSeconds(10))
                    .orElseThrow(() -> LegendsException.unavailable("container " + c.name() + " exited but its exit code is not known yet"));
            LOG.debug("attached to {} until its exit with {}", c.name(), exit.exitCode());
            return Optional.of(exit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (follower != null) {
                follower.close();
            }
            hold.close();
        }
    }

    /** Waits for the exit file; false if the reader left first. */
    private boolean awaitExit(StoredContainer c, BooleanSupplier gone) throws InterruptedException {
        long lastCheck = System.nanoTime();
        while (!Files.exists(exitsDir.resolve(c.id()))) {
            if (gone.getAsBoolean()) {
                return false;
            }
            // a failed restart or a lost monitor writes no exit file: ask the runtime now and then
            if (System.nanoTime() - lastCheck > 1_000_000_000L) {
                lastCheck = System.nanoTime();
                if (runtime.state(c.id()).status() instanceof ContainerStatus.Exited) {
                    return true;
                }
            }
            Thread.sleep(POLL_MS);
        }
        return true;
    }

    /** Counts what the follower delivered, so that the final read skips exactly that. */
    private static final class Counted implements Consumer<LogLine> {
        private final Consumer<LogLine> sink;
        private int delivered;

        Counted(Consumer<LogLine> sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void accept(LogLine line) {
            sink.accept(line);
            delivered++;
        }

        synchronized int delivered() {
            return delivered;
        }
    }
}
