package dev.legends.build.local;

import dev.legends.build.CommandRunner;
import dev.legends.build.RunSpec;
import dev.legends.core.LegendsException;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.ContainerSpec;
import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.LogLine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * RUN steps in short-lived runc containers, one per step, on the step's mounted rootfs. A build
 * container gets docker's default confinement and a network namespace of its own with nothing in
 * it: builds here have no network (documented in the README), so a RUN that downloads fails.
 * The container is deleted whatever happens, and a cancelled build kills it.
 */
final class ContainerRunner implements CommandRunner {
    static final String ID_PREFIX = "build-";
    private static final Duration POLL = Duration.ofMillis(50);
    /** The follower reads once more after it is closed; it has no reason to take longer. */
    private static final Duration FOLLOWER_END = Duration.ofSeconds(5);

    private final Supplier<ContainerRuntime> runtime;
    private final BooleanSupplier cancelled;

    /** {@code runtime} is asked for on the first RUN: a build without one needs no runc. */
    ContainerRunner(Supplier<ContainerRuntime> runtime, BooleanSupplier cancelled) {
        this.runtime = runtime;
        this.cancelled = cancelled;
    }

    @Override
    public int run(RunSpec spec, Consumer<String> output) {
        ContainerRuntime rt = runtime.get();
        String id = ID_PREFIX + Ids.random();
        ContainerSpec container = ContainerSpec.builder(id, spec.rootfs())
                .args(spec.args())
                .env(spec.env())
                .cwd(spec.workdir())
                .user(RunUser.resolve(spec.user(), spec.rootfs()))
                .build();
        rt.create(container);
        RuntimeException failure = null;
        try {
            return runCreated(rt, id, output);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            Cleanup c = new Cleanup().step("delete build container " + id, () -> rt.delete(id, true));
            if (failure != null) {
                c.doneAfter(failure);
            } else {
                c.done();
            }
        }
    }

    private int runCreated(ContainerRuntime rt, String id, Consumer<String> output) {
        try {
            rt.start(id);
        } catch (LegendsException e) {
            // the command could not be found or executed: docker reports that as the step's exit code
            if (rt.state(id).status() instanceof ContainerStatus.Exited x) {
                output.accept(e.getMessage());
                return x.exitCode();
            }
            throw e;
        }
        // The exit is awaited on a thread of its own, which notices it sooner than the log follower
        // does; lines arrive on the follower's thread and are handed on here, so that the listener
        // hears one thread, and what the follower had not read yet is taken from the log after.
        CompletableFuture<ContainerStatus.Exited> exit = new CompletableFuture<>();
        Thread.ofVirtual().name("build-wait " + id).start(() -> awaitExit(rt, id, exit));
        BlockingQueue<LogLine> lines = new LinkedBlockingQueue<>();
        int delivered = 0;
        ContainerRuntime.LogFollower follower = rt.followLogs(id, lines::add);
        try {
            try {
                while (!exit.isDone()) {
                    LogLine line = lines.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (line != null) {
                        output.accept(line.text());
                        delivered++;
                    }
                    if (cancelled.getAsBoolean()) {
                        throw LegendsException.unavailable("build cancelled");
                    }
                }
            } finally {
                follower.close();
            }
            follower.awaitEnd(FOLLOWER_END);
            for (LogLine line; (line = lines.poll()) != null; delivered++) {
                output.accept(line.text());
            }
        } catch (InterruptedException e) {
            // not re-asserted: the step's cleanup (unmount, snapshot removal) does file I/O that an
            // interrupt flag would break; the exception carries the cancellation up instead
            throw LegendsException.unavailable("build interrupted");
        }
        List<LogLine> all = rt.logs(id);
        for (int i = delivered; i < all.size(); i++) {
            output.accept(all.get(i).text());
        }
        try {
            return exit.join().exitCode();
        } catch (CompletionException e) {
            throw e.getCause() instanceof LegendsException le ? le.wrap("build container " + id)
                    : LegendsException.internal("build container " + id + ": " + e.getCause(), e.getCause());
        }
    }

    /** Completes {@code exit} when the container has exited, however long the step runs. */
    private static void awaitExit(ContainerRuntime rt, String id, CompletableFuture<ContainerStatus.Exited> exit) {
        try {
            Optional<ContainerStatus.Exited> e = Optional.empty();
            while (e.isEmpty()) {
                e = rt.wait(id, Duration.ofHours(1));
            }
            exit.complete(e.get());
        } catch (RuntimeException e) {
            exit.completeExceptionally(e); // deleted under it: the step was cancelled
        }
    }
}
