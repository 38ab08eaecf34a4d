package dev.legends.workload;

import dev.legends.workload.hpa.Behavior;
import dev.legends.workload.hpa.Hpa;
import dev.legends.workload.hpa.MetricTarget;
import dev.legends.workload.hpa.PodSample;
import dev.legends.workload.hpa.ReplicaCalculator;
import dev.legends.workload.manifest.PodTemplate;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.MetricsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler loop: every {@link WorkloadConfig#autoscalerSync()} it samples each autoscaled
 * app's pods (CPU from cgroups, requests per second from the {@link MetricsSource}), lets the
 * app's {@link Hpa} decide, and scales the app when the decision changes the count.
 */
final class Autoscaler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

    /** The last decision of an app's autoscaler, for describe. */
    record Status(Instant at, int current, int desired, String reason, Map<String, Double> metrics) {}

    private interface Scaler {
        void scale(String app, int replicas, String why);
    }

    private record State(AutoscalerSpec spec, Hpa hpa) {}

    private final AppStore store;
    private final ReplicaController controller;
    private final CpuMeter cpu;
    private final java.util.function.Supplier<MetricsSource> metrics;
    private final Scaler scaler;
    private final WorkloadConfig config;
    private final Clock clock;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workload-autoscaler");
        t.setDaemon(true);
        return t;
    });

    Autoscaler(AppStore store, ReplicaController controller, CpuMeter cpu, java.util.function.Supplier<MetricsSource> metrics,
               WorkloadsScaler scaler, WorkloadConfig config, Clock clock) {
        this.store = store;
        this.controller = controller;
        this.cpu = cpu;
        this.metrics = metrics;
        this.scaler = scaler::scaleByAutoscaler;
        this.config = config;
        this.clock = clock;
    }

    /** How Workloads lets the autoscaler change an app's replica count. */
    interface WorkloadsScaler {
        void scaleByAutoscaler(String app, int replicas, String why);
    }

    void start() {
        long ms = config.autoscalerSync().toMillis();
        thread.scheduleWithFixedDelay(this::pass, ms, ms, TimeUnit.MILLISECONDS);
    }

    Status status(String app) {
        return statuses.get(app);
    }

    private void pass() {
        try {
            Instant now = clock.instant();
            Set<String> seenContainers = new HashSet<>();
            Set<String> apps = new HashSet<>();
            for (AutoscalerSpec spec : store.autoscalers()) {
                apps.add(spec.app());
                try {
                    decide(spec, now, seenContainers);
                } catch (RuntimeException e) {
                    log.warn("autoscaler {}: {}", spec.app(), e.getMessage(), e);
                }
            }
            states.keySet().retainAll(apps);
            statuses.keySet().retainAll(apps);
            cpu.retain(seenContainers);
        } catch (RuntimeException e) {
            log.warn("autoscaler pass failed: {}", e.getMessage(), e);
        }
    }

    private void decide(AutoscalerSpec spec, Instant now, Set<String> seenContainers) {
        AppStore.AppRow app = store.app(spec.app()).orElse(null);
        if (app == null) {
            return;
        }
        State st = states.get(spec.app());
        if (st == null || !st.spec().equals(spec)) {
            Behavior b = Behavior.withWindows(spec.upWindow(), spec.downWindow());
            st = new State(spec, new Hpa(spec.minReplicas(), spec.maxReplicas(), b,
                    new ReplicaCalculator(ReplicaCalculator.DEFAULT_TOLERANCE, config.cpuInitialization(), ReplicaCalculator.READINESS_DELAY)));
            states.put(spec.app(), st);
        }
        int revision = app.stable();
        PodTemplate t = store.tx(tx -> store.revision(tx, spec.app(), revision)).map(AppStore.RevisionRow::template).orElse(null);
        List<Observed> pods = controller.observed(spec.app()).stream()
                .filter(o -> o.instance().revision() == revision && o.instance().phase() != Instance.Phase.TERMINATING).toList();
        List<MetricTarget> targets = new ArrayList<>();
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> cpuValues = new HashMap<>();
        int limit = t == null ? 0 : t.resources().cpuMillis();
        if (spec.cpuPercent() != null && limit > 0) {
            targets.add(MetricTarget.cpuPercent(spec.cpuPercent()));
            for (Observed o : pods) {
                if (o.containerId() != null && o.instance().phase() == Instance.Phase.RUNNING) {
                    seenContainers.add(o.containerId());
                    Double u = cpu.utilization(o.containerId(), limit, now);
                    if (u != null) {
                        cpuValues.put(o.instance().name(), u);
                    }
                }
            }
        }
        Double rpsPerPod = null;
        MetricsSource source = metrics.get();
        if (spec.requestsPerSecond() != null && source != null) {
            targets.add(MetricTarget.perPod("requests-per-second", spec.requestsPerSecond()));
            Duration window = config.autoscalerSync().compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : config.autoscalerSync();
            double rps = source.query(spec.app(), revision, now.minus(window), now).requestsPerSecond();
            long ready = pods.stream().filter(o -> o.instance().ready()).count();
            rpsPerPod = ready == 0 ? null : rps / ready;
        }
        int current = app.replicas();
        // one calculation per metric, each with its own samples; the highest proposal wins (in Hpa)
        List<PodSample> cpuSamples = samples(pods, cpuValues);
        Double perPod = rpsPerPod;
        List<PodSample> rpsSamples = samples(pods, perPod == null ? Map.of() : byReady(pods, perPod));
        Hpa.Decision d = st.hpa().decide(current, targets.stream().map(m -> new Hpa.Input(m, m.cpu() ? cpuSamples : rpsSamples)).toList(),
                now, config.autoscalerSync());
        if (!cpuValues.isEmpty()) {
            values.put("cpu%", cpuValues.values().stream().mapToDouble(Double::doubleValue).average().orElse(0));
        }
        if (perPod != null) {
            values.put("rps/pod", perPod);
        }
        statuses.put(spec.app(), new Status(now, current, d.desired(), d.reason(), values));
        if (d.changes()) {
            scaler.scale(spec.app(), d.desired(), d.reason());
            st.hpa().recorded(current, d.desired(), now);
        }
    }

    private static Map<String, Double> byReady(List<Observed> pods, double perPod) {
        Map<String, Double> m = new HashMap<>();
        pods.stream().filter(o -> o.instance().ready()).forEach(o -> m.put(o.instance().name(), perPod));
        return m;
    }

    private static List<PodSample> samples(List<Observed> pods, Map<String, Double> values) {
        return pods.stream().map(o -> new PodSample(o.instance().name(), o.instance().phase() == Instance.Phase.RUNNING,
                o.instance().ready(), o.instance().started(), o.readySince(), values.get(o.instance().name()))).toList();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
