package dev.legends.workload.port;

import java.time.Instant;

/**
 * One running (or starting, or failed) instance of a revision: a pod on the local engine, a Pod
 * on Kubernetes. {@code address}:{@code port} is where its HTTP port answers; address is null
 * until the instance has one.
 */
public record Instance(String app, int revision, String name, String address, int port, Phase phase, boolean ready,
                       int restarts, Instant started) {
    public enum Phase { PENDING, RUNNING, TERMINATING, FAILED }

    public String endpoint() {
        return address == null ? null : address + ":" + port;
    }
}
