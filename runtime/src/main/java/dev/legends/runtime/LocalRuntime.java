package dev.legends.runtime;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The runtime on this host. It keeps no state in memory that matters: every answer is read from
 * the state directory, runc and /proc, so a new instance after a crash knows what the old one did.
 * One lock per container orders operations on it within this process.
 */
final class LocalRuntime implements ContainerRuntime {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final RuntimeConfig config;
    private final StateDir state;
    private final Runc runc;
    private final SpecValidator validator;
    private final StatusReader status;
    private final Starter starter;
    private final Janitor janitor;
    private final Cgroups cgroups;
    private final ExecRunner execs;
    private final Inspector inspector;
    private final Object createLock = new Object();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private LocalRuntime(RuntimeConfig config) {
        this.config = config;
        this.state = new StateDir(config.stateDir());
        this.runc = new Runc(config.runc(), state.runcRoot());
        this.cgroups = Cgroups.discover();
        this.validator = new SpecValidator(config, HostLimits.read());
        this.status = new StatusReader(state, runc, cgroups);
        this.janitor = new Janitor(state, runc, cgroups);
        this.starter = new Starter(state, runc, new Monitors(config.conmon(), MonitorBinary.install(config.binDir()), runc, state), janitor);
        this.execs = new ExecRunner(runc);
        this.inspector = new Inspector(state, cgroups, janitor);
    }

    static LocalRuntime open(RuntimeConfig config) {
        for (Path tool : List.of(config.runc(), config.conmon())) {
            if (!Files.isExecutable(tool)) {
                throw LegendsException.unavailable(tool + " not found: install the " + tool.getFileName() + " package");
            }
        }
        LocalRuntime runtime = new LocalRuntime(config);
        runtime.state.removeIncomplete(Duration.ofMinutes(1));
        return runtime;
    }

    @Override
    public Container create(ContainerSpec spec) {
        String ctx = "create " + spec.name();
        guard(ctx, () -> { validator.validate(spec); return null; });
        synchronized (createLock) {
            for (ContainerRecord other : records()) {
                if (other.id().equals(spec.id())) {
                    throw LegendsException.exists(ctx + ": container id " + spec.id() + " already exists");
                }
                if (other.name().equals(spec.name())) {
                    throw LegendsException.exists(ctx + ": name " + spec.name() + " is already in use by container " + other.id());
                }
            }
            String cgroupsPath = "/" + config.cgroupParent() + "/" + spec.id();
            ContainerRecord rec = new ContainerRecord(spec.id(), spec.name(), spec.rootfs(), cgroupsPath, Instant.now(), null, null, null);
            writeBundle(ctx, spec, rec);
            return container(rec, status.status(rec));
        }
    }

    /** Writes the container's directory, bundle and record, or nothing at all. */
    private void writeBundle(String ctx, ContainerSpec spec, ContainerRecord rec) {
        StateDir.ContainerPaths paths = state.container(spec.id());
        try {
            Files.createDirectory(paths.dir());
        } catch (FileAlreadyExistsException e) {
            throw LegendsException.exists(ctx + ": container id " + spec.id() + " already exists");
        } catch (IOException e) {
            throw LegendsException.unavailable(ctx + ": " + e.getMessage());
        }
        try {
            Files.createDirectory(paths.bundle());
            StateDir.writeAtomically(paths.config(), Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(OciTranslator.toOci(spec, config, rec.cgroupsPath())));
            if (spec.process().stdin()) {
                Files.createFile(paths.stdinMarker());
            }
            if (spec.logMaxBytes() != null) {
                Files.writeString(paths.logMaxFile(), Long.toString(spec.logMaxBytes()));
            }
            state.write(rec); // last: a container exists once its record does
        } catch (IOException | RuntimeException e) {
            try {
                StateDir.deleteTree(paths.dir());
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof LegendsException le ? le.wrap(ctx) : LegendsException.internal(ctx + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Container start(String id) {
        return start(id, "start");
    }

    @Override
    public Container run(ContainerSpec spec) {
        try {
            create(spec);
        } catch (LegendsException e) {
            throw new LegendsException(e.kind(), e.getMessage().replaceFirst("^create ", "run "), e);
        }
        return start(spec.id(), "run");
    }

    private Container start(String id, String verb) {
        ContainerRecord found = record(id, verb);
        return locked(found.id(), () -> {
            ContainerRecord rec = reread(found, verb);
            ContainerStatus now = status.status(rec);
            if (now instanceof ContainerStatus.Running) {
                return container(rec, now);
            }
            Monitors.Options options = monitorOptions(rec);
            Starter.Started started = guard(verb + " " + rec.name(), () -> starter.start(rec, now, options));
            return container(started.record(), status.justStarted(started.record(), started.pid()));
        });
    }

    /** What the container's monitor must know, from its bundle and the files create wrote beside it. */
    private Monitors.Options monitorOptions(ContainerRecord rec) {
        StateDir.ContainerPaths paths = state.container(rec.id());
        long logMax = 0;
        try {
            if (Files.exists(paths.logMaxFile())) {
                logMax = Long.parseLong(Files.readString(paths.logMaxFile()).strip());
            }
        } catch (IOException | NumberFormatException e) {
            throw LegendsException.unavailable("start " + rec.name() + ": read " + paths.logMaxFile() + ": " + e.getMessage());
        }
        return new Monitors.Options(state.readConfig(rec.id()).process().terminal(), Files.exists(paths.stdinMarker()), logMax);
    }

    @Override
    public Container state(String id) {
        ContainerRecord rec = record(id, "state");
        return container(rec, status.status(rec));
    }

    @Override
    public List<Container> list() {
        List<ContainerRecord> recs = records();
        Map<String, Runc.State> known = recs.isEmpty() ? Map.of() : runc.list();
        return recs.stream()
                .map(r -> container(r, status.status(r, id -> Optional.ofNullable(known.get(id)))))
                .sorted(Comparator.comparing(Container::createdAt))
                .toList();
    }

    @Override
    public Container stop(String id, String signal, Duration grace) {
        ContainerRecord found = record(id, "stop");
        String sig = guard("stop " + found.name(), () -> Signals.parse(signal));
        return locked(found.id(), () -> {
            ContainerRecord rec = reread(found, "stop");
            if (!(status.status(rec) instanceof ContainerStatus.Running)) {
                return state(rec.id());
            }
            signalQuietly(rec, sig, false);
            if (!status.awaitExit(rec, grace)) {
                signalQuietly(rec, "SIGKILL", !privatePidNamespace(rec));
                if (!status.awaitExit(rec, KILL_WAIT)) {
                    throw LegendsException.unavailable("stop " + rec.name() + ": still running " + KILL_WAIT.toSeconds() + "s after SIGKILL");
                }
            }
            return state(rec.id());
        });
    }

    @Override
    public void kill(String id, String signal) {
        ContainerRecord rec = record(id, "kill");
        String ctx = "kill " + rec.name();
        String sig = guard(ctx, () -> Signals.parse(signal));
        if (!(status.status(rec) instanceof ContainerStatus.Running)) {
            throw LegendsException.precondition(ctx + ": container is not running");
        }
        guard(ctx, () -> { runc.kill(rec.id(), sig, false); return null; });
    }

    @Override
    public Optional<ContainerStatus.Exited> wait(String id, Duration timeout) {
        ContainerRecord rec = record(id, "wait");
        return guard("wait " + rec.name(), () -> status.awaitExited(rec.id(), timeout));
    }

    @Override
    public ExecResult exec(String id, ExecSpec exec) {
        ContainerRecord rec = record(id, "exec");
        String ctx = "exec " + rec.name();
        if (!(status.status(rec) instanceof ContainerStatus.Running)) {
            throw LegendsException.precondition(ctx + ": container is not running");
        }
        return guard(ctx, () -> execs.exec(rec.id(), state.container(rec.id()), exec));
    }

    @Override
    public ExecSession execAttached(String id, ExecSpec exec, boolean tty, boolean stdin) {
        ContainerRecord rec = record(id, "exec");
        String ctx = "exec " + rec.name();
        if (!(status.status(rec) instanceof ContainerStatus.Running)) {
            throw LegendsException.precondition(ctx + ": container is not running");
        }
        return guard(ctx, () -> AttachedExec.launch(config.conmon(), runc, state, rec.id(),
                ExecRunner.process(state.container(rec.id()), exec, tty), stdin));
    }

    @Override
    public Path attachSocket(String id) {
        ContainerRecord rec = record(id, "attach");
        if (!(status.status(rec) instanceof ContainerStatus.Running)) {
            throw LegendsException.precondition("attach " + rec.name() + ": container is not running");
        }
        return state.container(rec.id()).attachSocket();
    }

    @Override
    public void resize(String id, int rows, int cols) {
        ContainerRecord rec = record(id, "resize");
        String ctx = "resize " + rec.name();
        if (rows <= 0 || cols <= 0 || rows > 0xffff || cols > 0xffff) {
            throw LegendsException.invalid(ctx + ": invalid size " + rows + "x" + cols);
        }
        if (!(status.status(rec) instanceof ContainerStatus.Running)) {
            throw LegendsException.precondition(ctx + ": container is not running");
        }
        // conmon keeps the FIFO open for reading while it runs, so this open does not block
        try {
            Files.writeString(state.container(rec.id()).ctl(), "1 " + rows + " " + cols + "\n", StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw LegendsException.unavailable(ctx + ": " + e.getMessage());
        }
    }

    @Override
    public List<LogLine> logs(String id) {
        ContainerRecord rec = record(id, "logs");
        return guard("logs " + rec.name(), () -> KubeLog.readAll(state.container(rec.id()).log()));
    }

    @Override
    public ContainerRuntime.LogFollower followLogs(String id, Consumer<LogLine> sink) {
        ContainerRecord rec = record(id, "logs");
        return new LogTail(state.container(rec.id()).log(), sink,
                () -> state.read(rec.id()).map(status::hasExited).orElse(true));
    }

    @Override
    public Inspection inspect(String id) {
        ContainerRecord rec = record(id, "inspect");
        return inspector.inspect(container(rec, status.status(rec)), rec);
    }

    @Override
    public void delete(String id, boolean force) {
        ContainerRecord found = record(id, "delete");
        String ctx = "delete " + found.name();
        locked(found.id(), () -> {
            ContainerRecord rec = reread(found, "delete");
            if (status.status(rec) instanceof ContainerStatus.Running) {
                if (!force) {
                    throw LegendsException.precondition(ctx + ": container is running: stop it first or force the delete");
                }
                signalQuietly(rec, "SIGKILL", !privatePidNamespace(rec));
                status.awaitExit(rec, KILL_WAIT);
            }
            guard(ctx, () -> { janitor.removeAll(rec); return null; });
            return null;
        });
        locks.remove(found.id());
    }

    @Override
    public void close() {
        // containers belong to their monitors, not to this object; only an empty cgroup parent
        // (every container removed) is taken back, so that none is left on the host
        cgroups.removeParentIfUnused(config.cgroupParent());
    }

    private Container container(ContainerRecord rec, ContainerStatus st) {
        return new Container(rec.id(), rec.name(), rec.rootfs(), rec.createdAt(), st);
    }

    /** By id first, then by name, as docker looks containers up. */
    private ContainerRecord record(String idOrName, String op) {
        Optional<ContainerRecord> byId = state.read(idOrName);
        if (byId.isPresent()) {
            return byId.get();
        }
        return records().stream().filter(r -> r.name().equals(idOrName)).findFirst()
                .orElseThrow(() -> LegendsException.notFound(op + " " + idOrName + ": no such container"));
    }

    /** The record as it is now, once the lock is held: another thread may have changed or removed it. */
    private ContainerRecord reread(ContainerRecord rec, String op) {
        return state.read(rec.id()).orElseThrow(() -> LegendsException.notFound(op + " " + rec.name() + ": no such container"));
    }

    private List<ContainerRecord> records() {
        return state.ids().stream().map(state::read).flatMap(Optional::stream).toList();
    }

    /** With a PID namespace of its own, killing PID 1 kills all; otherwise runc must signal each process. */
    private boolean privatePidNamespace(ContainerRecord rec) {
        return state.readConfig(rec.id()).linux().namespaces().stream().anyMatch(n -> n.type().equals("pid") && n.path() == null);
    }

    private void signalQuietly(ContainerRecord rec, String signal, boolean all) {
        try {
            runc.kill(rec.id(), signal, all);
        } catch (LegendsException e) {
            // it exited in the meantime: that is what we wanted
        }
    }

    private <T> T locked(String id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work}, putting {@code ctx} in front of the message of any LegendsException. */
    private static <T> T guard(String ctx, Supplier<T> work) {
        try {
            return work.get();
        } catch (LegendsException e) {
            throw e.wrap(ctx);
        }
    }
}
