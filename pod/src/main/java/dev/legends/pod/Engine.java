package dev.legends.pod;

import dev.legends.image.ImageStore;
import dev.legends.network.Networks;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local engine: containers and pods on this host, from images in the store, on overlay
 * snapshots, run by the runtime, recorded in SQLite. Opening it reconciles the records with what
 * the runtime kept running while no daemon was there (live restore) and starts the supervisor;
 * closing it lets go of the containers without stopping them.
 */
public final class Engine implements AutoCloseable {
    /** The pod layer's tables: open the store with it. */
    public static final Schema SCHEMA = Records.SCHEMA;

    private final ContainerRuntime runtime;
    private final Supervisor supervisor;
    private final LocalContainers containers;
    private final LocalPods pods;
    private final PodNet net;
    private final LocalVolumes volumes;

    private Engine(ContainerRuntime runtime, Supervisor supervisor, LocalContainers containers, LocalPods pods, PodNet net,
                   LocalVolumes volumes) {
        this.net = net;
        this.volumes = volumes;
        this.runtime = runtime;
        this.supervisor = supervisor;
        this.containers = containers;
        this.pods = pods;
    }

    /**
     * Opens the engine without networking: {@code default} containers and pods get a namespace with
     * loopback only.
     */
    public static Engine open(EngineConfig config, Store store, ImageStore images, Unpacker unpacker) {
        return open(config, store, images, unpacker, null);
    }

    /**
     * Opens the engine on {@code store} (opened with {@link #SCHEMA} and {@link Networks#SCHEMA}),
     * sharing the daemon's images and snapshots; pods and containers join {@code networks}.
     */
    public static Engine open(EngineConfig config, Store store, ImageStore images, Unpacker unpacker, Networks networks) {
        ContainerRuntime runtime = ContainerRuntime.open(config.runtime());
        try {
            Records records = new Records(store);
            EventLog events = new EventLog(store.events());
            Rootfs rootfs = new Rootfs(config.containersDir(), unpacker.snapshots());
            Path pauseRootfs = PauseRootfs.ensure(config.pauseRootfs(), config.runtime().init());
            Holds holds = new Holds();
            KeyedLocks locks = new KeyedLocks();
            Set<String> pending = ConcurrentHashMap.newKeySet();
            PodNet net = new PodNet(networks);
            Views views = new Views(id -> records.pod(id).map(StoredPod::name).orElse(null), pending::contains, net::addresses);
            LocalVolumes volumes = new LocalVolumes(records, config.volumesDir(), events);
            Lifecycle lifecycle = new Lifecycle(records, runtime, rootfs, pauseRootfs, events, holds, net, volumes);
            DetailsReader details = new DetailsReader(records, runtime, lifecycle, rootfs, views);
            Supervisor[] supervising = new Supervisor[1];
            Runner runner = new Runner(records, images, unpacker, rootfs, runtime, lifecycle, events, holds, views,
                    id -> supervising[0].notice(id));
            LocalContainers containers = new LocalContainers(records, runtime, lifecycle, runner,
                    new Attacher(runtime, config.exitsDir(), holds), details, views, events, locks);
            LocalPods pods = new LocalPods(records, runtime, lifecycle, details, views, events, locks, pauseRootfs);
            var toStart = new Reconciler(records, runtime, rootfs).reconcile();
            volumes.recover(); // a create or rm of a volume cut short by a kill
            // leases and namespaces of pods and containers removed while no daemon was there (a kill half-way)
            net.collect(owner -> records.pod(owner).isPresent() || records.container(owner).isPresent());
            Supervisor supervisor = new Supervisor(records, lifecycle, events, holds, locks, config.exitsDir(), pending,
                    containers::removeQuietly);
            supervising[0] = supervisor;
            supervisor.start();
            toStart.forEach(supervisor::startSoon);
            return new Engine(runtime, supervisor, containers, pods, net, volumes);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public Containers containers() {
        return containers;
    }

    public Pods pods() {
        return pods;
    }

    public Volumes volumes() {
        return volumes;
    }

    /** Stops supervising; containers keep running under their monitors and a new engine adopts them. */
    @Override
    public void close() {
        supervisor.close();
        net.close();
        runtime.close();
    }
}
