package dev.legends.image.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Debian docker-registry (distribution v2) on 127.0.0.1 and a free port, with its own
 * config and storage under a test's directory. {@link #close()} stops it and waits for it.
 */
public final class TestRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path dir;

    private TestRegistry(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts a registry; with {@code user} and {@code password} it asks for them (htpasswd, Basic). */
    public static TestRegistry start(Path dir, String user, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                  secret: legends-test-secret
                """.formatted(dir.resolve("storage"), port));
        if (user != null) {
            Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
            String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (htpasswd.waitFor() != 0) {
                throw new IOException("htpasswd failed: " + line);
            }
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: legends-test
                        path: %s
                    """.formatted(dir.resolve("htpasswd")));
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Process p = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        TestRegistry registry = new TestRegistry(p, port, dir);
        try {
            registry.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
                }
                try {
                    int status = client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("docker-registry did not answer on " + host());
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as image names spell the registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** Repository paths the registry stores (its catalog on disk), for checking that nothing was written. */
    List<String> repositories() throws IOException {
        Path repos = dir.resolve("storage/docker/registry/v2/repositories");
        if (!Files.isDirectory(repos)) {
            return List.of();
        }
        try (var s = Files.list(repos)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** How many requests with {@code method} to a path containing {@code path} the access log shows. */
    long requests(String method, String path) throws IOException {
        try (var lines = Files.lines(dir.resolve("registry.log"))) {
            return lines.filter(l -> l.contains("\"" + method + " ") && l.contains(path)).count();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
