package dev.legends.server.apps;

import dev.legends.core.LegendsException;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import dev.legends.workload.AutoscalerSpec;
import dev.legends.workload.Workloads;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * /v1/apps: apply (POST the manifest, YAML or JSON, as the body), list, get, describe, rm, scale,
 * history, logs and autoscale.
 */
public final class AppsApi {
    /** The workload's views carry Instants; the wire has RFC 3339 strings, as EventView's time. */
    private static final com.fasterxml.jackson.databind.ObjectMapper WIRE = dev.legends.core.Json.mapper().copy()
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(java.time.Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

    /** The body of POST /v1/apps/{name}/scale. */
    public record ScaleRequest(Integer replicas) {}

    /** The body of POST /v1/apps/{name}/autoscale. */
    public record AutoscaleRequest(int min, int max, Integer cpuPercent, Double requestsPerSecond, Integer scaleUpWindowSeconds,
                                   Integer scaleDownWindowSeconds) {}

    private final Workloads workloads;

    public AppsApi(Workloads workloads) {
        this.workloads = workloads;
    }

    public void register(Router router) {
        router.post("/v1/apps", r -> {
                    var applied = workloads.apply(new String(r.body(), StandardCharsets.UTF_8));
                    return applied.action().equals("created") ? json(201, applied) : json(200, applied);
                })
                .get("/v1/apps", r -> json(200, workloads.list()))
                .get("/v1/apps/{name}", r -> json(200, workloads.get(r.param("name"))))
                .get("/v1/apps/{name}/describe", r -> json(200, workloads.describe(r.param("name"))))
                .get("/v1/apps/{name}/history", r -> json(200, workloads.history(r.param("name"))))
                .get("/v1/apps/{name}/logs", this::logs)
                .post("/v1/apps/{name}/scale", r -> {
                    ScaleRequest s = r.json(ScaleRequest.class);
                    if (s.replicas() == null) {
                        throw LegendsException.invalid("scale: replicas is required");
                    }
                    return json(200, workloads.scale(r.param("name"), s.replicas()));
                })
                .post("/v1/apps/{name}/autoscale", r -> {
                    AutoscaleRequest a = r.json(AutoscaleRequest.class);
                    return json(200, workloads.autoscale(new AutoscalerSpec(r.param("name"), a.min(), a.max(), a.cpuPercent(),
                            a.requestsPerSecond(), a.scaleUpWindowSeconds(), a.scaleDownWindowSeconds())));
                })
                .delete("/v1/apps/{name}/autoscale", r -> {
                    workloads.removeAutoscaler(r.param("name"));
                    return json(200, Map.of("removed", r.param("name")));
                })
                .delete("/v1/apps/{name}", r -> {
                    workloads.remove(r.param("name"));
                    return json(200, Map.of("removed", r.param("name")));
                });
    }

    /**
     * Without {@code follow}: each instance's lines so far. With {@code follow=1}: an event stream,
     * one InstanceLine each, of new lines too, until the client goes. The follow starts before the
     * stream does, so an unknown app (404) or a platform without logs (412) is an HTTP error.
     */
    private Response logs(Request r) {
        String app = r.param("name");
        int tail = (int) r.longParam("tail", 0);
        if (!r.flag("follow")) {
            return json(200, workloads.logs(app, tail));
        }
        // bounded: a slow client holds the followers back rather than filling the daemon's memory
        BlockingQueue<byte[]> pending = new LinkedBlockingQueue<>(1024);
        java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
        AutoCloseable follow = workloads.followLogs(app, tail, line -> {
            byte[] event = encode(line);
            try {
                // waits while the queue is full, but never past the client's going (closing the follow waits for this)
                while (!gone.get() && !pending.offer(event, 100, TimeUnit.MILLISECONDS)) {
                    // full: the client is slow; try again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return Response.events(sink -> {
            try {
                while (sink.isOpen()) {
                    byte[] next = pending.poll(1, TimeUnit.SECONDS);
                    if (next != null && !sink.send(new String(next, StandardCharsets.UTF_8))) {
                        return;
                    }
                }
            } finally {
                gone.set(true); // first: a follower waiting on a full queue lets go, and the close below does not wait on it
                follow.close();
            }
        });
    }

    private static byte[] encode(Object value) {
        try {
            return WIRE.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LegendsException.internal("encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static Response json(int status, Object value) {
        return new Response.Full(status, "application/json", encode(value));
    }

    /** A router that keeps routes nowhere, until the gateway's adapter is wired in. */
    public static dev.legends.workload.port.TrafficRouter noRouter() {
        return new dev.legends.workload.port.TrafficRouter() {
            private final Map<String, dev.legends.workload.port.AppRoute> routes = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void apply(dev.legends.workload.port.AppRoute route) {
                routes.put(route.app(), route);
            }

            @Override
            public java.util.Optional<dev.legends.workload.port.AppRoute> current(String app) {
                return java.util.Optional.ofNullable(routes.get(app));
            }

            @Override
            public void remove(String app) {
                routes.remove(app);
            }
        };
    }
}
