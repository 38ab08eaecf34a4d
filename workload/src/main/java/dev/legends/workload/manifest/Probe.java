package dev.legends.workload.manifest;

import java.util.List;

/**
 * A Kubernetes probe: exactly one of {@code httpGet}, {@code tcpSocket} and {@code exec}, with
 * Kubernetes' timing fields and defaults (period 10 s, timeout 1 s, success 1, failure 3).
 */
public record Probe(HttpGet httpGet, TcpSocket tcpSocket, Exec exec, int initialDelaySeconds, int periodSeconds,
                    int timeoutSeconds, int successThreshold, int failureThreshold) {
    public static final int DEFAULT_PERIOD = 10;
    public static final int DEFAULT_TIMEOUT = 1;
    public static final int DEFAULT_SUCCESS = 1;
    public static final int DEFAULT_FAILURE = 3;

    public static Probe exec(List<String> command, int periodSeconds, int failureThreshold) {
        return new Probe(null, null, new Exec(command), 0, periodSeconds, DEFAULT_TIMEOUT, DEFAULT_SUCCESS, failureThreshold);
    }

    /** A GET of {@code path} on the instance's address; 200-399 succeeds, as the kubelet's. */
    public record HttpGet(String path, int port) {}

    public record TcpSocket(int port) {}

    /** Runs in the app container; exit code 0 succeeds. */
    public record Exec(List<String> command) {
        public Exec {
            command = List.copyOf(command);
        }
    }

    public String describe() {
        String what = httpGet != null ? "http-get :" + httpGet.port() + httpGet.path()
                : tcpSocket != null ? "tcp-socket :" + tcpSocket.port() : "exec " + String.join(" ", exec.command());
        return what + " delay=" + initialDelaySeconds + "s timeout=" + timeoutSeconds + "s period=" + periodSeconds
                + "s #success=" + successThreshold + " #failure=" + failureThreshold;
    }
}
