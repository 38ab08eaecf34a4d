package dev.legends.server;

import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.GatewayConfig;
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
 * The app plane of the local engine, wired together: apps and their replica controller, the
 * supervised gateway with the TrafficRouter and MetricsSource adapters over it, and the release
 * controller driving all three through the ports. Opened after the engine, closed before it.
 */
final class AppPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppPlane.class);

    final Workloads workloads;
    final GatewaySupervisor gateway;
    private final GatewayRouter router;
    private final CounterSampler sampler;
    private final Releases releases;
    private final AutoCloseable instanceEvents;

    private AppPlane(Workloads workloads, GatewaySupervisor gateway, GatewayRouter router, CounterSampler sampler,
                     Releases releases, AutoCloseable instanceEvents) {
        this.workloads = workloads;
        this.gateway = gateway;
        this.router = router;
        this.sampler = sampler;
        this.releases = releases;
        this.instanceEvents = instanceEvents;
    }

    static AppPlane open(DaemonConfig config, Store store, Engine engine, Router http) {
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
            workloads.setRevisionHandler((app, stable, revision) -> r.revisionApplied(app, revision));
            AutoCloseable events = workloads.onInstancesChanged(app -> {
                g.changed(app);
                r.kick();
            });
            releases.startLoop(Duration.ofMillis(250));
            new AppsApi(workloads).register(http);
            new GatewayApi(gateway).register(http);
            new ReleasesApi(releases).register(http);
            new ExportApi(workloads.catalog()).register(http);
            return new AppPlane(workloads, gateway, router, sampler, releases, events);
        } catch (RuntimeException e) {
            closeQuietly(releases, sampler, router, workloads, gateway);
            throw e;
        }
    }

    /** Starts the gateway again if it served routes before this daemon started. */
    void resume() {
        Thread.ofVirtual().name("gateway-start").start(gateway::startIfConfigured);
    }

    @Override
    public void close() {
        // the release loop first (it drives the others), the gateway last: it keeps serving
        closeQuietly(releases, instanceEvents, sampler, router, workloads, gateway);
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
