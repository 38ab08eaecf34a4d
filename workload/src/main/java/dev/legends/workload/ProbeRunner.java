package dev.legends.workload;

import dev.legends.pod.Containers;
import dev.legends.runtime.ExecResult;
import dev.legends.workload.manifest.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one probe once, as the kubelet does: an HTTP GET to the pod's address (200-399 passes), a
 * TCP connect, or a command in the app container (exit 0 passes), each within its timeout.
 */
final class ProbeRunner implements AutoCloseable {
    record Result(boolean success, String detail) {}

    private static final Duration EXEC_OVERHEAD = Duration.ofSeconds(1);

    private final Containers containers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ExecutorService execs = Executors.newVirtualThreadPerTaskExecutor();

    ProbeRunner(Containers containers) {
        this.containers = containers;
    }

    Result run(Probe p, ProbeTarget t) {
        Duration timeout = Duration.ofSeconds(p.timeoutSeconds());
        if (p.exec() != null) {
            // runc exec itself takes a few hundred ms on a busy host; the timeout is the command's
            return exec(p.exec().command(), t.containerId(), timeout.plus(EXEC_OVERHEAD));
        }
        if (t.address() == null) {
            return new Result(false, "the pod has no address yet");
        }
        return p.httpGet() != null ? httpGet(t.address(), p.httpGet(), timeout) : tcp(t.address(), p.tcpSocket().port(), timeout);
    }

    private Result exec(List<String> command, String containerId, Duration timeout) {
        Future<ExecResult> f = execs.submit(() -> containers.exec(containerId, command, List.of(), null, null));
        try {
            ExecResult r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return r.exitCode() == 0 ? new Result(true, "exit 0")
                    : new Result(false, "exit " + r.exitCode() + firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr()));
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Result(false, "timed out after " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            return new Result(false, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private Result httpGet(String address, Probe.HttpGet g, Duration timeout) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + g.port() + g.path()))
                .timeout(timeout).header("User-Agent", "legends-probe/1").GET().build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Result(status >= 200 && status < 400, "HTTP " + status);
        } catch (IOException e) {
            return new Result(false, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static Result tcp(String address, int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            return new Result(true, "connected");
        } catch (IOException e) {
            return new Result(false, String.valueOf(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        String l = s == null ? "" : s.strip().lines().findFirst().orElse("");
        return l.isEmpty() ? "" : ": " + l;
    }

    @Override
    public void close() {
        execs.shutdownNow();
        http.close();
    }
}
