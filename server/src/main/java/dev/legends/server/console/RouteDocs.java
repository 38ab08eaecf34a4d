package dev.legends.server.console;

import java.util.List;
import java.util.Map;

/**
 * What each route does, in a line, with its query parameters, written by hand because a route is
 * only a method, a template and a lambda. A route missing here is still listed in the OpenAPI
 * document, with its method and path as its summary.
 */
final class RouteDocs {
    /** {@code contentType}: of a successful answer; text/event-stream for progress lines or a live feed. */
    record Doc(String summary, List<String> query, String contentType) {
        boolean stream() {
            return contentType.equals(SSE);
        }
    }

    static final String JSON = "application/json";
    static final String SSE = "text/event-stream";

    private RouteDocs() {}

    static Doc of(String method, String template) {
        return DOCS.get(method + " " + template);
    }

    private static Doc d(String summary, String... query) {
        return new Doc(summary, List.of(query), JSON);
    }

    private static Doc sse(String summary, String... query) {
        return new Doc(summary, List.of(query), SSE);
    }

    private static Doc typed(String contentType, String summary, String... query) {
        return new Doc(summary, List.of(query), contentType);
    }

    private static final Map<String, Doc> DOCS = Map.ofEntries(
            Map.entry("GET /_ping", typed("text/plain", "Liveness: answers OK")),
            Map.entry("GET /v1/version", d("Daemon and API version")),
            Map.entry("GET /v1/info", d("Where the daemon keeps its state: root, socket, store, schema versions")),
            Map.entry("GET /v1/events", sse("List events; with follow, a live Server-Sent Events stream that replays what was missed",
                    "since", "limit", "follow")),
            Map.entry("POST /v1/events", d("Record an event {kind, object, message}")),
            Map.entry("GET /v1/openapi.json", d("This document")),
            Map.entry("GET /v1/dashboard", d("The dashboard's URL and where its login token is kept")),
            Map.entry("GET /", typed("text/html", "The dashboard page")),
            Map.entry("GET /assets/{file}", typed("text/javascript", "A dashboard script, style sheet or icon")),
            Map.entry("POST /login", d("Log in to the dashboard with {token}; sets the session cookie")),
            Map.entry("POST /logout", d("End the dashboard session")),
            Map.entry("GET /v1/images", d("List images")),
            Map.entry("GET /v1/images/inspect", d("Inspect an image: config, rootfs diff ids, manifest layers", "name")),
            Map.entry("GET /v1/images/history", d("An image's build steps, newest first, with the size of each layer", "name")),
            Map.entry("GET /v1/images/analyze", d("Layer sizes, wasted space and efficiency, as dive computes them", "name")),
            Map.entry("GET /v1/images/files", d("Files of an image's merged view under a path, with the layer each comes from", "name", "path")),
            Map.entry("POST /v1/images/tag", d("Tag an image {source, target}")),
            Map.entry("DELETE /v1/images", d("Remove an image or untag one of its names", "name", "force")),
            Map.entry("POST /v1/images/prune", d("Delete blobs no image uses")),
            Map.entry("POST /v1/images/import", sse("Import a root filesystem tar as a one-layer image {path, reference, changes}")),
            Map.entry("POST /v1/images/load", sse("Load images from a docker or OCI archive {path}")),
            Map.entry("POST /v1/images/save", sse("Save images to an archive {names, path, format}")),
            Map.entry("POST /v1/images/bootstrap", sse("Make the base images (busybox, JDK) from this host")),
            Map.entry("POST /v1/images/pull", sse("Pull an image from a registry {reference}")),
            Map.entry("POST /v1/images/push", sse("Push an image to a registry {reference}")),
            Map.entry("POST /v1/auth/login", d("Store registry credentials")),
            Map.entry("POST /v1/auth/logout", d("Forget registry credentials")),
            Map.entry("POST /v1/build", sse("Build an image from a Dockerfile and its context")),
            Map.entry("POST /v1/containers", sse("Create and start a container (docker run)")),
            Map.entry("GET /v1/containers", d("List containers; all includes stopped ones", "all")),
            Map.entry("GET /v1/containers/{id}", d("Inspect a container: state, host PID, namespaces, cgroups, overlay dirs")),
            Map.entry("DELETE /v1/containers/{id}", d("Remove a container", "force")),
            Map.entry("POST /v1/containers/{id}/start", d("Start a stopped container")),
            Map.entry("POST /v1/containers/{id}/stop", d("Stop a container: SIGTERM, then SIGKILL after t seconds", "t")),
            Map.entry("POST /v1/containers/{id}/kill", d("Send a signal to a container", "signal")),
            Map.entry("POST /v1/containers/{id}/exec", d("Run a command in a container and return its output; with tty or interactive, create an exec session")),
            Map.entry("POST /v1/exec/{id}/start", d("Attach to an exec session (upgrade to a raw stream) and let its command run")),
            Map.entry("POST /v1/exec/{id}/resize", d("Resize an exec session's terminal", "h", "w")),
            Map.entry("POST /v1/exec/{id}/wait", d("Wait for an exec session's command to end and return its exit code", "timeout")),
            Map.entry("POST /v1/containers/{id}/wait", d("Wait for a container to exit", "timeout")),
            Map.entry("POST /v1/containers/{id}/attach", d("Attach to a container's stdio (upgrades the connection to raw bytes)")),
            Map.entry("POST /v1/containers/{id}/resize", d("Resize a container's terminal", "h", "w")),
            Map.entry("GET /v1/containers/{id}/logs", sse("A container's log; with follow, a live stream", "tail", "follow")),
            Map.entry("GET /v1/containers/{id}/top", d("A container's processes")),
            Map.entry("POST /v1/pods", d("Create a pod (starts its pause container)")),
            Map.entry("GET /v1/pods", d("List pods")),
            Map.entry("GET /v1/pods/{id}", d("Inspect a pod: pause container, shared namespaces, members")),
            Map.entry("POST /v1/pods/{id}/start", d("Start a pod")),
            Map.entry("POST /v1/pods/{id}/stop", d("Stop a pod", "t")),
            Map.entry("DELETE /v1/pods/{id}", d("Remove a pod", "force")),
            Map.entry("GET /v1/volumes", d("List volumes with the containers that use them")),
            Map.entry("POST /v1/volumes", d("Create a volume {name, labels}; no name gets a random one")),
            Map.entry("GET /v1/volumes/{name}", d("Inspect a volume: driver, mountpoint, labels, containers using it")),
            Map.entry("DELETE /v1/volumes/{name}", d("Remove a volume no container uses; force: a missing one is no error", "force")),
            Map.entry("POST /v1/volumes/prune", d("Remove every volume no container uses; answers the names and bytes reclaimed")),
            Map.entry("GET /v1/networks", d("List networks")),
            Map.entry("POST /v1/networks", d("Create a network {name, subnet, gateway, ipRange, ipam}")),
            Map.entry("GET /v1/networks/{name}", d("Inspect a network: bridge, subnet, gateway, range, owners")),
            Map.entry("DELETE /v1/networks/{name}", d("Remove a network")),
            Map.entry("GET /v1/networks/{name}/ipam", d("The addresses a network has leased, sticky ones included")),
            Map.entry("GET /v1/gateway/status", d("Whether the gateway runs, its process and files")),
            Map.entry("GET /v1/gateway/config", d("The gateway's whole configuration")),
            Map.entry("PUT /v1/gateway/config", d("Replace the gateway's configuration")),
            Map.entry("GET /v1/gateway/routes", d("The gateway's routes, with each version's weight (per mille)")),
            Map.entry("GET /v1/gateway/routes/{name}", d("One route")),
            Map.entry("PUT /v1/gateway/routes/{name}", d("Add or replace a route")),
            Map.entry("DELETE /v1/gateway/routes/{name}", d("Remove a route")),
            Map.entry("POST /v1/gateway/stop", d("Stop the gateway process (it keeps its last configuration for the next start)")),
            Map.entry("GET /v1/gateway/metrics", typed("text/plain", "Every route's metrics in the Prometheus text format")),
            Map.entry("GET /v1/gateway/metrics/{route}", d("A route's per-version requests, errors and latency over a window (seconds)",
                    "window")),
            Map.entry("POST /v1/apps", d("Apply an app manifest (YAML or JSON body): create it or make a new revision")),
            Map.entry("GET /v1/apps", d("List apps")),
            Map.entry("GET /v1/apps/{name}", d("One app: image, replicas ready, stable and latest revision, route")),
            Map.entry("GET /v1/apps/{name}/describe", d("An app in full: manifest, revisions, instances, autoscaler, events")),
            Map.entry("GET /v1/apps/{name}/history", d("An app's revisions")),
            Map.entry("GET /v1/apps/{name}/logs", d("The logs of an app's instances; follow=1 streams new lines as events", "tail", "follow")),
            Map.entry("POST /v1/apps/{name}/scale", d("Set an app's replica count {replicas}")),
            Map.entry("POST /v1/apps/{name}/autoscale", d("Autoscale an app {min, max, cpuPercent, requestsPerSecond}")),
            Map.entry("DELETE /v1/apps/{name}/autoscale", d("Stop autoscaling an app")),
            Map.entry("DELETE /v1/apps/{name}", d("Remove an app and its instances")),
            Map.entry("GET /v1/apps/{name}/export/k8s", typed("application/yaml",
                    "The app as Kubernetes manifests (Deployment, Service, Gateway API route)", "revision", "namespace", "gateway")),
            Map.entry("POST /v1/releases/{app}", d("Start a release of a new image or an existing revision {image | revision, strategy}")),
            Map.entry("GET /v1/releases/{app}", d("The app's latest release: phase, step, plan, weights, instances, analysis")),
            Map.entry("POST /v1/releases/{app}/promote", d("Go on to the next step now; with full, to the end", "full")),
            Map.entry("POST /v1/releases/{app}/pause", d("Hold the release at its current step")),
            Map.entry("POST /v1/releases/{app}/resume", d("Resume a paused release")),
            Map.entry("POST /v1/releases/{app}/abort", d("Abort the release: all traffic back to the stable revision")),
            Map.entry("POST /v1/releases/{app}/undo", d("Release a previous revision again {toRevision}", "to-revision")),
            Map.entry("GET /v1/releases/{app}/history", d("The app's releases")),
            Map.entry("GET /v1/releases/{app}/report", d("A release measured: timeline, per-version traffic, downtime, extra instances, "
                    + "rollback time", "revision")),
            Map.entry("GET /v1/releases/{app}/watch", sse("The release's status each time it changes, until it ends")));
}
