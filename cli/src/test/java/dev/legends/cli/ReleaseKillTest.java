package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.network.NetworkOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack as a user drives it: a real daemon process, apps on pods with networking, the
 * supervised gateway, and a canary. The daemon is killed with SIGKILL in the middle of the canary:
 * the gateway (its own process) keeps serving the split, and a new daemon on the same root resumes
 * the release at the same step and finishes it, with no failed request throughout.
 */
class ReleaseKillTest {
    @TempDir
    Path root;

    @TempDir
    Path work;

    @Test
    void aCanarySurvivesTheDaemonKilledMidwayAndFinishesAfterRestart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long sqliteInTmp = sqliteNatives(Path.of(System.getProperty("java.io.tmpdir")));
        DaemonProcess daemon = DaemonProcess.start(root, "--gateway-listen", "127.0.0.1:" + port);
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        ConcurrentHashMap<String, String> failures = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, AtomicLong> byRevision = new ConcurrentHashMap<>();
        Thread load = null;
        try {
            assertThat(legends("image", "import", "-q", Legends.busyboxTar(work).toString(), "test/web:v1").code()).isZero();
            assertThat(legends("image", "tag", "test/web:v1", "test/web:v2").code()).isZero();
            Path manifest = work.resolve("web.yaml");
            // each pod answers its own name (web-rREV-N), so an answer says which revision served it
            Files.writeString(manifest, """
                    apiVersion: legends.dev/v1
                    kind: App
                    metadata: {name: web}
                    spec:
                      image: test/web:v1
                      command: [sh, -c, "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
                      replicas: 2
                      ports: [{containerPort: 8080}]
                      readinessProbe: {httpGet: {path: /index.html, port: 8080}, periodSeconds: 1}
                      route: {path: /, port: 8080}
                      strategy:
                        canary:
                          scaleDownDelaySeconds: 1
                          steps:
                            - setWeight: 50
                            - pause: {duration: 15s}
                            - setWeight: 100
                    """);
            Legends.Result applied = legends("apply", "-f", manifest.toString());
            assertThat(applied.code()).as(applied.err()).isZero();
            awaitCli(Duration.ofSeconds(60), r -> r.out().contains("\"ready\" : 2"), "app", "get", "web", "-o", "json");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
                    .timeout(Duration.ofSeconds(3)).build();
            long loadEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            load = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100_000 && loading.get() && System.nanoTime() < loadEnd; i++) {
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            int rev = Integer.parseInt(r.body().strip().replaceAll("^web-r(\\d+)-\\d+$", "$1"));
                            byRevision.computeIfAbsent(rev, k -> new AtomicLong()).incrementAndGet();
                        } else {
                            failures.putIfAbsent("status " + r.statusCode(), r.body());
                        }
                        Thread.sleep(5);
                    } catch (Exception e) {
                        failures.putIfAbsent(e.toString(), "");
                    }
                }
            });
            awaitCount(ok, 50);

            Legends.Result started = legends("release", "start", "web", "--image", "test/web:v2");
            assertThat(started.code()).as(started.err()).isZero();
            awaitCli(Duration.ofSeconds(60), r -> r.out().contains("\"step\" : 1") && r.out().contains("\"perMille\" : 500"),
                    "release", "status", "web", "-o", "json");

            // SIGKILL mid-pause: no shutdown hook, no goodbye to the gateway
            daemon.process.destroyForcibly();
            assertThat(daemon.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long servedBefore = ok.get();
            Thread.sleep(2000);
            assertThat(ok.get()).as("the gateway serves while no daemon runs").isGreaterThan(servedBefore + 20);
            long canaryWhileDown = byRevision.getOrDefault(2, new AtomicLong()).get();
            assertThat(canaryWhileDown).as("the 50% split stays in place").isPositive();

            daemon.close(); // its log file; the process is gone already
            // sqlite-jdbc's native library, unpacked by the killed daemon: under the root, not in /tmp
            Path natives = root.resolve("tmp").resolve("sqlite");
            assertThat(sqliteNatives(natives)).isPositive();
            assertThat(sqliteNatives(Path.of(System.getProperty("java.io.tmpdir")))).isEqualTo(sqliteInTmp);
            List<Path> left;
            try (var s = Files.list(natives)) {
                left = s.toList();
            }
            daemon = DaemonProcess.start(root, "--gateway-listen", "127.0.0.1:" + port);
            assertThat(left).as("what the killed daemon left is cleared by the next one").allMatch(p -> !Files.exists(p));
            awaitCli(Duration.ofSeconds(90), r -> r.out().contains("\"phase\" : \"COMPLETED\""), "release", "status", "web", "-o", "json");
            long v2Before = byRevision.get(2).get();
            long v1Before = byRevision.get(1).get();
            Thread.sleep(1500);
            assertThat(byRevision.get(2).get()).isGreaterThan(v2Before + 20);
            assertThat(byRevision.get(1).get()).as("nothing reaches revision 1 once the release is complete").isEqualTo(v1Before);
            loading.set(false);
            load.join(10_000);
            assertThat(failures).as("failed requests across the release, the kill and the restart").isEmpty();
        } finally {
            loading.set(false);
            if (load != null) {
                load.join(10_000);
            }
            try {
                legends("app", "rm", "web");
                legends("gateway", "stop");
            } finally {
                daemon.close();
                ContainerRunCliTest.removeLeftovers(root);
                String bridge = NetworkOptions.forDaemon(root.resolve("run")).defaultBridge();
                new ProcessBuilder("ip", "link", "del", bridge).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Legends.Result legends(String... args) {
        return Legends.run(root, args);
    }

    private void awaitCli(Duration limit, Predicate<Legends.Result> done, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Legends.Result last = null;
        while (System.nanoTime() < deadline) {
            last = legends(args);
            if (last.code() == 0 && done.test(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(String.join(" ", args) + " did not get there in " + limit + ": " + (last == null ? "" : last.out() + last.err()));
    }

    private static void awaitCount(AtomicLong n, long at) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (n.get() < at && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(n.get()).as("answers through the gateway before the release").isGreaterThanOrEqualTo(at);
    }

    /** How many copies of sqlite-jdbc's native library are in {@code dir}. */
    private static long sqliteNatives(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith("libsqlitejdbc.so")).count();
        }
    }
}
