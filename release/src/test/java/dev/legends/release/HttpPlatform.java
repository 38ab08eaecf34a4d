package dev.legends.release;

import com.sun.net.httpserver.HttpServer;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A platform whose instances are real HTTP servers on 127.0.0.1 answering "r{revision}": they
 * become ready {@code readyAfter} after they start, and on scale-down stop being ready at once but
 * keep serving for a drain period, as a pod does between its endpoint removal and SIGTERM.
 * Revisions can be told to fail a share of requests with 500.
 */
final class HttpPlatform implements Platform, AutoCloseable {
    private record Server(String app, int revision, String name, HttpServer http, Instant started, Instant stopAt) {}

    private final Duration readyAfter;
    private final Duration drain;
    private final Map<Integer, Integer> desired = new ConcurrentHashMap<>();
    private final List<Server> servers = new ArrayList<>();
    final Map<Integer, Integer> failEvery = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();
    private final Thread converger;
    private volatile boolean closed;
    private int seq;
    private final String app;

    HttpPlatform(String app, Duration readyAfter, Duration drain) {
        this.app = app;
        this.readyAfter = readyAfter;
        this.drain = drain;
        converger = Thread.ofPlatform().daemon().name("http-platform").start(() -> {
            while (!closed) {
                converge();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public String name() {
        return "http-test";
    }

    @Override
    public void scale(RevisionRef revision, int replicas) {
        desired.put(revision.revision(), replicas);
    }

    @Override
    public int desired(String a, int revision) {
        return desired.getOrDefault(revision, 0);
    }

    @Override
    public synchronized List<Instance> instances(String a) {
        Instant now = Instant.now();
        List<Instance> out = new ArrayList<>();
        for (Server s : servers) {
            boolean stopping = s.stopAt() != null;
            boolean ready = !stopping && !now.isBefore(s.started().plus(readyAfter));
            out.add(new Instance(s.app(), s.revision(), s.name(), "127.0.0.1", s.http().getAddress().getPort(),
                    stopping ? Instance.Phase.TERMINATING : Instance.Phase.RUNNING, ready, 0, s.started()));
        }
        return out;
    }

    @Override
    public void remove(String a, int revision) {
        desired.put(revision, 0);
    }

    private synchronized void converge() {
        Instant now = Instant.now();
        servers.removeIf(s -> {
            if (s.stopAt() != null && !now.isBefore(s.stopAt())) {
                s.http().stop(0);
                return true;
            }
            return false;
        });
        for (var e : desired.entrySet()) {
            int rev = e.getKey();
            List<Server> live = servers.stream().filter(s -> s.revision() == rev && s.stopAt() == null).toList();
            for (int n = live.size(); n < e.getValue(); n++) {
                servers.add(start(rev, now));
            }
            int surplus = live.size() - e.getValue();
            List<Server> victims = new ArrayList<>(live);
            victims.sort((x, y) -> y.started().compareTo(x.started())); // newest (least likely ready) first
            for (int n = 0; n < surplus; n++) {
                Server v = victims.get(n);
                servers.set(servers.indexOf(v), new Server(v.app(), v.revision(), v.name(), v.http(), v.started(), now.plus(drain)));
            }
        }
    }

    private Server start(int revision, Instant now) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            AtomicLong count = new AtomicLong();
            http.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                long n = count.incrementAndGet();
                served.incrementAndGet();
                Integer every = failEvery.get(revision);
                int status = every != null && n % every == 0 ? 500 : 200;
                byte[] body = ("r" + revision).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            });
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            return new Server(app, revision, app + "-r" + revision + "-" + (++seq), http, now, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code n} instances of a revision that are ready already. */
    synchronized void seed(int revision, int n) {
        desired.put(revision, n);
        for (int i = 0; i < n; i++) {
            Server s = start(revision, Instant.now().minus(readyAfter));
            servers.add(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        converger.interrupt();
        synchronized (this) {
            servers.forEach(s -> s.http().stop(0));
            servers.clear();
        }
    }
}
