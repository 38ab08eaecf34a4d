package dev.legends.server;

import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
import dev.legends.kube.KubernetesBackend;
import dev.legends.pod.Engine;
import dev.legends.release.Ports;
import dev.legends.release.Releases;
import dev.legends.server.apps.AppsApi;
import dev.legends.server.gateway.GatewayApi;
import dev.legends.server.gateway.GatewaySupervisor;
import dev.legends.server.http.Router;
import dev.legends.server.kube.ExportApi;
import dev.legends.server.releases.ReleasesApi;
import dev.legends.store.Store;
import dev.legends.workload.WorkloadConfig;
import dev.legends.workload.Workloads;
import dev.legends.workload.traffic.CounterSampler;
import dev.legends.workload.traffic.GatewayMetrics;
import dev.legends.workload.traffic.GatewayRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app plane, wired together: apps, the TrafficRouter and MetricsSource adapters, and the
 * release controller driving them through the ports. On the local engine that is the replica
 * controller and the supervised gateway; on Kubernetes ({@code --platform kubernetes}) the kube
 * adapters over one client, and no local gateway. Opened after the engine, closed before it.
 */
final class AppPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppPlane.class);

    final Workloads workloads;
    /** "local", or "kubernetes (namespace NS)". */
    private final String platform;
    /** The supervised gateway, or null when apps run on Kubernetes. */
    final GatewaySupervisor gateway;
    /** Closed in this order: the release loop first (it drives the others), the gateway last (it keeps serving). */
    private final List<AutoCloseable> parts;

    private AppPlane(String platform, Workloads workloads, GatewaySupervisor gateway, List<AutoCloseable> parts) {
        this.platform = platform;
        this.workloads = workloads;
        this.gateway = gateway;
        this.parts = parts;
    }

    static AppPlane open(DaemonConfig config, Store store, Engine engine, Router http) {
        return config.kube() == null ? local(config, store, engine, http) : kubernetes(config, store, http);
    }

    private static AppPlane local(DaemonConfig config, Store store, Engine engine, Router http) {
        Clock clock = Clock.systemUTC();
        GatewaySupervisor gateway = new GatewaySupervisor(config.root(), config.runDir());
        Workloads workloads = Workloads.open(store, engine, AppsApi.noRouter(), null, WorkloadConfig.defaults());
        GatewayRouter router = null;
        CounterSampler sampler = null;
        Releases releases = null;
        try {
            GatewayClient admin = new GatewayClient(gateway.socket());
            Listening listening = new Listening(gateway, config.gatewayListen());
            router = new GatewayRouter(listening::client, workloads.platform(), config.root().resolve("routes"), 1000);
            sampler = new CounterSampler(admin, clock, Duration.ofSeconds(1), Duration.ofMinutes(30));
            GatewayMetrics metrics = new GatewayMetrics(admin, sampler, clock);
            workloads.setTrafficRouter(router);
            workloads.setMetricsSource(metrics);
            releases = new Releases(store, new Ports(workloads.platform(), router, metrics, workloads.catalog()), clock);
            Releases r = releases;
            GatewayRouter g = router;
            AutoCloseable events = workloads.onInstancesChanged(app -> {
                g.changed(app);
                r.kick();
            });
            register(http, workloads, releases, new GatewayApi(gateway));
            return new AppPlane("local", workloads, gateway, List.of(releases, events, sampler, router, workloads, gateway));
        } catch (RuntimeException e) {
            closeQuietly(releases, sampler, router, workloads, gateway);
            throw e;
        }
    }

    /** Apps, routes and releases on a cluster: the cluster runs and routes, the daemon keeps apps and drives releases. */
    private static AppPlane kubernetes(DaemonConfig config, Store store, Router http) {
        KubernetesBackend kube = KubernetesBackend.open(config.kube());
        Workloads workloads = null;
        Releases releases = null;
        try {
            workloads = Workloads.over(store, kube.apps(), kube.router());
            releases = new Releases(store, new Ports(kube.platform(), kube.router(), kube.metrics(), workloads.catalog()), Clock.systemUTC());
            register(http, workloads, releases, GatewayApi.absent("this daemon runs apps on kubernetes (namespace " + kube.namespace()
                    + "): their routes are " + config.kube().router().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " objects on the cluster, and there is no local gateway"));
            log.info("apps run on kubernetes: {} namespace {}", kube.client().getMasterUrl(), kube.namespace());
            return new AppPlane("kubernetes (namespace " + kube.namespace() + ")", workloads, null, List.of(releases, workloads, kube));
        } catch (RuntimeException e) {
            closeQuietly(releases, workloads, kube);
            throw e;
        }
    }

    private static void register(Router http, Workloads workloads, Releases releases, GatewayApi gateway) {
        workloads.setRevisionHandler((app, stable, revision) -> releases.revisionApplied(app, revision));
        releases.startLoop(Duration.ofMillis(250));
        new AppsApi(workloads).register(http);
        gateway.register(http);
        new ReleasesApi(releases).register(http);
        new ExportApi(workloads.catalog()).register(http);
    }

    String platform() {
        return platform;
    }

    /** Starts the gateway again if it served routes before this daemon started. */
    void resume() {
        if (gateway != null) {
            Thread.ofVirtual().name("gateway-start").start(gateway::startIfConfigured);
        }
    }

    @Override
    public void close() {
        closeQuietly(parts.toArray(AutoCloseable[]::new));
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /**
     * A client for the running gateway (started on first use) that has a listener for apps: the
     * daemon's {@code --gateway-listen} address, added once when the gateway's config has none.
     */
    private static final class Listening {
        private final GatewaySupervisor gateway;
        private final String address;
        private volatile boolean checked;

        Listening(GatewaySupervisor gateway, String address) {
            this.gateway = gateway;
            this.address = address;
        }

        GatewayClient client() {
            GatewayClient c = gateway.client();
            if (!checked) {
                synchronized (this) {
                    GatewayConfig current = c.config();
                    if (current.listeners().isEmpty()) {
                        int colon = address.lastIndexOf(':');
                        if (colon < 1) {
                            throw LegendsException.invalid("--gateway-listen " + address + ": use HOST:PORT");
                        }
                        c.replace(current.withListeners(List.of(new GatewayConfig.Listener("http", address.substring(0, colon),
                                Integer.parseInt(address.substring(colon + 1))))));
                        log.info("gateway listening for apps on {}", address);
                    }
                    checked = true;
                }
            }
            return c;
        }
    }
}
