package dev.legends.server.kube;

import dev.legends.core.LegendsException;
import dev.legends.kube.KubeExport;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import java.nio.charset.StandardCharsets;

/**
 * GET /v1/apps/{name}/export/k8s: the app's Kubernetes manifests as YAML, for GitOps users
 * ({@code legends export k8s APP}). Query: {@code revision} (default: the stable one, else the
 * newest), {@code namespace} (default: none, for {@code kubectl apply -n}), {@code gateway} (the
 * Gateway the HTTPRoute attaches to, default "legends").
 */
public final class ExportApi {
    private final AppCatalog catalog;

    public ExportApi(AppCatalog catalog) {
        this.catalog = catalog;
    }

    public void register(Router router) {
        router.get("/v1/apps/{name}/export/k8s", this::export);
    }

    Response export(Request r) {
        String name = r.param("name");
        AppDefinition app = catalog.app(name).orElseThrow(() -> LegendsException.notFound("no such app: " + name));
        String wanted = r.param("revision");
        int revision;
        if (wanted != null && !wanted.isBlank()) {
            if (!wanted.matches("\\d{1,9}")) {
                throw LegendsException.invalid("revision must be a number, not '" + wanted + "'");
            }
            revision = Integer.parseInt(wanted);
        } else {
            revision = app.stableRevision() > 0 ? app.stableRevision() : app.latestRevision();
        }
        if (revision < 1) {
            throw LegendsException.precondition(name + " has no revision to export yet");
        }
        String yaml = KubeExport.yaml(app, catalog.revision(name, revision),
                new KubeExport.Options(blankToNull(r.param("namespace")), blankToNull(r.param("gateway"))));
        return new Response.Full(200, "application/yaml; charset=utf-8", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
