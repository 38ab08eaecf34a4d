package dev.legends.workload.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The probe fields of a manifest, with Kubernetes' defaults and rules. */
final class Probes {
    private Probes() {}

    static Probe parse(Fields f, JsonNode n, String at, List<PodTemplate.Port> ports, boolean successMustBeOne) {
        if (n == null || n.isNull()) {
            return null;
        }
        f.object(n, at);
        Probe.HttpGet http = null;
        Probe.TcpSocket tcp = null;
        Probe.Exec exec = null;
        int handlers = 0;
        if (n.has("httpGet")) {
            handlers++;
            JsonNode h = n.get("httpGet");
            f.object(h, at + ".httpGet");
            String path = f.text(h.get("path"), at + ".httpGet.path");
            if (path != null && !path.startsWith("/")) {
                throw f.bad(at + ".httpGet.path", "must start with /");
            }
            http = new Probe.HttpGet(path == null ? "/" : path, port(f, h.get("port"), at + ".httpGet.port", ports));
        }
        if (n.has("tcpSocket")) {
            handlers++;
            JsonNode t = n.get("tcpSocket");
            f.object(t, at + ".tcpSocket");
            tcp = new Probe.TcpSocket(port(f, t.get("port"), at + ".tcpSocket.port", ports));
        }
        if (n.has("exec")) {
            handlers++;
            JsonNode e = n.get("exec");
            f.object(e, at + ".exec");
            List<String> command = f.strings(e.get("command"), at + ".exec.command");
            if (command.isEmpty()) {
                throw f.bad(at + ".exec.command", "required");
            }
            exec = new Probe.Exec(command);
        }
        if (handlers != 1) {
            throw f.bad(at, "needs exactly one of httpGet, tcpSocket and exec");
        }
        int delay = atLeast(f, n, at, "initialDelaySeconds", 0, 0);
        int period = atLeast(f, n, at, "periodSeconds", Probe.DEFAULT_PERIOD, 1);
        int timeout = atLeast(f, n, at, "timeoutSeconds", Probe.DEFAULT_TIMEOUT, 1);
        int success = atLeast(f, n, at, "successThreshold", Probe.DEFAULT_SUCCESS, 1);
        int failure = atLeast(f, n, at, "failureThreshold", Probe.DEFAULT_FAILURE, 1);
        if (successMustBeOne && success != 1) {
            throw f.bad(at + ".successThreshold", "must be 1 for liveness and startup probes");
        }
        return new Probe(http, tcp, exec, delay, period, timeout, success, failure);
    }

    private static int atLeast(Fields f, JsonNode n, String at, String field, int fallback, int min) {
        int v = f.integer(n.get(field), at + "." + field, fallback);
        if (v < min) {
            throw f.bad(at + "." + field, "must be >= " + min);
        }
        return v;
    }

    /** A number, or the name of one of spec.ports. */
    private static int port(Fields f, JsonNode n, String at, List<PodTemplate.Port> ports) {
        if (n == null || n.isNull()) {
            throw f.bad(at, "required");
        }
        if (n.isTextual()) {
            return ports.stream().filter(p -> n.textValue().equals(p.name())).findFirst()
                    .orElseThrow(() -> f.bad(at, "no port named " + n.textValue() + " in spec.ports")).containerPort();
        }
        int p = f.integer(n, at, -1);
        if (p < 1 || p > 65535) {
            throw f.bad(at, "must be in 1..65535");
        }
        return p;
    }
}
