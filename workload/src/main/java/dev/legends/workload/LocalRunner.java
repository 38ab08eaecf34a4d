package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.pod.Engine;
import dev.legends.runtime.LogLine;
import dev.legends.workload.port.MetricsSource;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Apps on the local engine: the replica controller (which adopts the pods that kept running while
 * no daemon was there), the prober and the autoscaler loop, all started when this is made and
 * stopped by {@link #close()}, which leaves the pods running.
 */
final class LocalRunner implements AppRunner {
    private final AppStore store;
    private final Engine engine;
    private final ReplicaController controller;
    private final Prober prober;
    private final Autoscaler autoscaler;
    private final LocalPlatform platform;
    private final AutoCloseable engineEvents;

    LocalRunner(AppStore store, Engine engine, Supplier<MetricsSource> metrics, Autoscaler.WorkloadsScaler scaler, WorkloadConfig config) {
        Clock clock = Clock.systemUTC();
        this.store = store;
        this.engine = engine;
        ReplicaController[] ref = new ReplicaController[1];
        this.prober = new Prober(new ProbeRunner(engine.containers()), id -> ref[0].kick(), clock);
        this.controller = new ReplicaController(store, engine, prober, config, clock);
        ref[0] = controller;
        this.autoscaler = new Autoscaler(store, controller, new CpuMeter(engine.containers()), metrics, scaler, config, clock);
        this.platform = new LocalPlatform(store, controller);
        // the engine's container and pod events (exits above all) start a pass at once, while there are apps
        this.engineEvents = store.store().events().subscribe(e -> {
            if (e.kind().equals("container") || e.kind().equals("pod")) {
                controller.kickForEngineEvent();
            }
        });
        prober.start();
        controller.start();
        autoscaler.start();
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public List<Observed> observed(String app) {
        return controller.observed(app);
    }

    @Override
    public void removeAll(String app) {
        store.tx(tx -> {
            for (AppStore.Desired d : store.desired(tx, app)) {
                store.forgetDesired(tx, app, d.revision());
            }
            return null;
        });
        controller.removePods(app);
        controller.kick(); // a pass after the app is gone drops what was observed of it
    }

    @Override
    public List<Views.InstanceLog> logs(String app, int tail) {
        List<Views.InstanceLog> out = new ArrayList<>();
        for (Observed o : controller.observed(app)) {
            if (o.containerId() == null) {
                continue;
            }
            List<LogLine> lines;
            try {
                lines = engine.containers().logs(o.containerId());
            } catch (LegendsException e) {
                continue; // removed meanwhile
            }
            if (tail > 0 && lines.size() > tail) {
                lines = lines.subList(lines.size() - tail, lines.size());
            }
            out.add(new Views.InstanceLog(o.instance().name(), o.instance().revision(), lines));
        }
        return out;
    }

    @Override
    public AutoCloseable followLogs(String app, int tail, java.util.function.Consumer<Views.InstanceLine> sink) {
        return new InstanceLogs(engine.containers(), () -> controller.observed(app), tail, sink);
    }

    @Override
    public void autoscale(AutoscalerSpec spec, RevisionRef stable) {
        // the autoscaler loop reads the stored specs on every pass
    }

    @Override
    public void stopAutoscaling(String app, int stableRevision) {
        // likewise: a spec no longer stored is no longer followed
    }

    @Override
    public Views.Autoscaling autoscaling(AutoscalerSpec spec, int stableRevision) {
        Autoscaler.Status s = autoscaler.status(spec.app());
        return s == null ? new Views.Autoscaling(spec, null, null, null, "no decision yet", Map.of())
                : new Views.Autoscaling(spec, s.at(), s.current(), s.desired(), s.reason(), s.metrics());
    }

    @Override
    public AutoCloseable onInstancesChanged(Consumer<String> listener) {
        return controller.onInstancesChanged(listener);
    }

    @Override
    public void close() {
        try {
            engineEvents.close();
        } catch (Exception e) {
            // a listener list cannot fail to shrink
        }
        autoscaler.close();
        controller.close();
        prober.close();
    }
}
