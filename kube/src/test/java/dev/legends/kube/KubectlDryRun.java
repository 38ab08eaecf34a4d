package dev.legends.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kubectl apply --dry-run=client --validate=false} on a file. Even a client-side dry run
 * asks an API server which kinds exist (discovery) and whether each object is there already, so
 * this serves exactly that on 127.0.0.1: the discovery documents of the kinds Legends writes, and
 * 404 for every object. kubectl decodes every document, maps it to a resource and prints what it
 * would create; an unknown kind or a malformed object fails it.
 */
final class KubectlDryRun implements AutoCloseable {
    /** Debian's kubernetes-client (the test bootstrap installs it), or another one named by LEGENDS_KUBECTL. */
    static final Path KUBECTL = Path.of(System.getenv().getOrDefault("LEGENDS_KUBECTL", "/usr/bin/kubectl"));

    private static final Map<String, String> RESOURCES = Map.of(
            "/api/v1", list("v1", resource("services", "Service")),
            "/apis/apps/v1", list("apps/v1", resource("deployments", "Deployment")),
            "/apis/autoscaling/v2", list("autoscaling/v2", resource("horizontalpodautoscalers", "HorizontalPodAutoscaler")),
            "/apis/gateway.networking.k8s.io/v1", list("gateway.networking.k8s.io/v1", resource("httproutes", "HTTPRoute")),
            "/apis/networking.k8s.io/v1", list("networking.k8s.io/v1", resource("ingresses", "Ingress")));
    private static final String GROUPS = """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[%s,%s,%s,%s]}"""
            .formatted(group("apps", "v1"), group("autoscaling", "v2"), group("gateway.networking.k8s.io", "v1"),
                    group("networking.k8s.io", "v1"));

    private final HttpServer server;
    private final Path kubeconfig;

    KubectlDryRun(Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: fake, user: {token: fake}}]
                contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]
                current-context: fake
                """.formatted(server.getAddress().getPort()));
    }

    /** kubectl's output, or an AssertionError with it when kubectl fails. */
    String apply(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(), "apply", "--dry-run=client",
                "--validate=false", "-f", file.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("kubectl did not finish in 30 s: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("kubectl apply --dry-run=client failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body;
        int status = 200;
        if (path.equals("/api")) {
            body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
        } else if (path.equals("/apis")) {
            body = GROUPS;
        } else if (RESOURCES.containsKey(path)) {
            body = RESOURCES.get(path);
        } else {
            status = 404;
            body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                    + "\"message\":\"not found\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static String group(String name, String version) {
        String gv = "{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\"" + version + "\"}";
        return "{\"name\":\"" + name + "\",\"versions\":[" + gv + "],\"preferredVersion\":" + gv + "}";
    }

    private static String resource(String plural, String kind) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"" + kind + "\","
                + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}";
    }

    private static String list(String groupVersion, String resource) {
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion + "\",\"resources\":[" + resource + "]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
