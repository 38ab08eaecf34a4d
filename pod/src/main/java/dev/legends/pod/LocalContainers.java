package dev.legends.pod;

import dev.legends.core.LegendsException;
import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.runtime.ContainerStatus;
import dev.legends.runtime.ExecResult;
import dev.legends.runtime.ExecSession;
import dev.legends.runtime.ExecSpec;
import dev.legends.runtime.LogLine;
import dev.legends.runtime.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The engine's containers: each operation finds the record, then works through the runtime and the lifecycle. */
final class LocalContainers implements Containers {
    private final Records records;
    private final ContainerRuntime runtime;
    private final Lifecycle lifecycle;
    private final Runner runner;
    private final Attacher attacher;
    private final DetailsReader details;
    private final Views views;
    private final EventLog events;
    private final KeyedLocks locks;

    LocalContainers(Records records, ContainerRuntime runtime, Lifecycle lifecycle, Runner runner, Attacher attacher,
                    DetailsReader details, Views views, EventLog events, KeyedLocks locks) {
        this.records = records;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.runner = runner;
        this.attacher = attacher;
        this.details = details;
        this.views = views;
        this.events = events;
        this.locks = locks;
    }

    @Override
    public RunResult run(RunSpec spec, Consumer<String> progress) {
        return guard("run " + spec.image(), () -> runner.run(spec, progress));
    }

    @Override
    public List<ContainerInfo> list(boolean all) {
        List<StoredContainer> stored = records.containers();
        Map<String, Container> live = stored.isEmpty() ? Map.of()
                : runtime.list().stream().collect(Collectors.toMap(Container::id, Function.identity()));
        return stored.stream().map(c -> views.info(c, live.get(c.id()), false))
                .filter(i -> all || i.state() == ContainerState.RUNNING || i.state() == ContainerState.RESTARTING).toList();
    }

    @Override
    public ContainerInfo get(String ref) {
        StoredContainer c = records.findContainer(ref);
        return views.info(c, lifecycle.state(c.id()).orElse(null), false);
    }

    @Override
    public ContainerDetails inspect(String ref) {
        return details.inspect(records.findContainer(ref));
    }

    @Override
    public ContainerInfo start(String ref) {
        StoredContainer found = records.findContainer(ref);
        return guard("start " + found.name(), () -> locks.with(found.id(), () -> {
            StoredContainer c = reread(found);
            records.setStoppedByUser(c.id(), false);
            return views.info(c, lifecycle.start(c), false);
        }));
    }

    @Override
    public ContainerInfo stop(String ref, Duration grace) {
        StoredContainer c = records.findContainer(ref);
        return guard("stop " + c.name(), () -> {
            records.setStoppedByUser(c.id(), true);
            Container before = runtime.state(c.id());
            Container after = runtime.stop(c.id(), c.config().stopSignal(), grace == null ? DEFAULT_GRACE : grace);
            if (before.isRunning()) {
                events.container(c, "stopped" + (after.status() instanceof ContainerStatus.Exited x ? " (exit code " + x.exitCode() + ")" : ""));
            }
            return views.info(c, after, false);
        });
    }

    @Override
    public void kill(String ref, String signal) {
        StoredContainer c = records.findContainer(ref);
        String sig = signal == null || signal.isBlank() ? "KILL" : signal;
        guard("kill " + c.name(), () -> {
            // as docker: KILL or the container's stop signal also means "do not restart it"
            if (sameSignal(sig, "KILL") || sameSignal(sig, c.config().stopSignal())) {
                records.setStoppedByUser(c.id(), true);
            }
            runtime.kill(c.id(), sig);
            events.container(c, "killed (" + sig.toUpperCase(Locale.ROOT) + ")");
            return null;
        });
    }

    @Override
    public void remove(String ref, boolean force) {
        StoredContainer found = records.findContainer(ref);
        if (found.isPause()) {
            throw LegendsException.precondition("cannot remove container " + found.name() + ": it is the pause container of pod "
                    + records.pod(found.podId()).map(StoredPod::name).orElse(found.podId()) + ": remove the pod instead");
        }
        guard("remove " + found.name(), () -> locks.with(found.id(), () -> {
            StoredContainer c = reread(found);
            records.setStoppedByUser(c.id(), true);
            lifecycle.remove(c, force);
            return null;
        }));
        locks.forget(found.id());
    }

    @Override
    public ExecResult exec(String ref, List<String> args, List<String> env, String workdir, String user) {
        StoredContainer c = records.findContainer(ref);
        return guard("exec " + c.name(), () -> runtime.exec(c.id(), execSpec(c, args, env, workdir, user)));
    }

    @Override
    public ExecSession execSession(String ref, List<String> args, List<String> env, String workdir, String user, boolean tty, boolean stdin) {
        StoredContainer c = records.findContainer(ref);
        return guard("exec " + c.name(), () -> runtime.execAttached(c.id(), execSpec(c, args, env, workdir, user), tty, stdin));
    }

    /** {@code user} by name or number, looked up in the container's own passwd and group files. */
    private ExecSpec execSpec(StoredContainer c, List<String> args, List<String> env, String workdir, String user) {
        User u = user == null || user.isBlank() ? null : Users.resolve(lifecycle.rootfsOf(c), user);
        return new ExecSpec(args, env, workdir == null || workdir.isBlank() ? null : workdir, u, null);
    }

    @Override
    public Path attachSocket(String ref) {
        return runtime.attachSocket(records.findContainer(ref).id());
    }

    @Override
    public void resize(String ref, int rows, int cols) {
        runtime.resize(records.findContainer(ref).id(), rows, cols);
    }

    @Override
    public List<LogLine> logs(String ref) {
        StoredContainer c = records.findContainer(ref);
        return lifecycle.state(c.id()).isPresent() ? runtime.logs(c.id()) : List.of();
    }

    @Override
    public Optional<ContainerStatus.Exited> attach(String ref, Consumer<LogLine> sink, BooleanSupplier gone) {
        StoredContainer c = records.findContainer(ref);
        Optional<ContainerStatus.Exited> exit = guard("attach " + c.name(), () -> attacher.attach(c, sink, gone));
        if (exit.isPresent() && c.options().autoRemove()) {
            removeQuietly(c);
        }
        return exit;
    }

    /** Removal of an auto-removed container; someone else (the supervisor, a second reader) may have been first. */
    void removeQuietly(StoredContainer c) {
        locks.run(c.id(), () -> records.container(c.id()).ifPresent(now -> lifecycle.remove(now, true)));
        locks.forget(c.id());
    }

    @Override
    public Optional<ContainerStatus.Exited> wait(String ref, Duration timeout) {
        StoredContainer c = records.findContainer(ref);
        return guard("wait " + c.name(), () -> runtime.wait(c.id(), timeout));
    }

    @Override
    public List<ProcessRow> top(String ref) {
        StoredContainer c = records.findContainer(ref);
        return guard("top " + c.name(), () -> {
            if (!runtime.state(c.id()).isRunning()) {
                throw LegendsException.precondition("container " + c.name() + " is not running");
            }
            return Top.of(runtime.inspect(c.id()).cgroups());
        });
    }

    private StoredContainer reread(StoredContainer c) {
        return records.container(c.id()).orElseThrow(() -> LegendsException.notFound("no such container: " + c.name()));
    }

    private static boolean sameSignal(String a, String b) {
        return norm(a).equals(norm(b));
    }

    private static String norm(String s) {
        String u = s.strip().toUpperCase(Locale.ROOT);
        u = u.startsWith("SIG") ? u.substring(3) : u;
        return switch (u) {
            case "9" -> "KILL";
            case "15" -> "TERM";
            default -> u;
        };
    }

    /** Runs {@code work}, putting {@code ctx} in front of a message unless the runtime already said the same. */
    static <T> T guard(String ctx, Supplier<T> work) {
        try {
            return work.get();
        } catch (LegendsException e) {
            if (e.getMessage().startsWith(ctx.substring(0, ctx.indexOf(' ') + 1))) {
                throw e;
            }
            throw e.wrap(ctx);
        }
    }
}
