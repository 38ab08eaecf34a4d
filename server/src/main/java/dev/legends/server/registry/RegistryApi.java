package dev.legends.server.registry;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.registry.BlobProgress;
import dev.legends.image.registry.PlatformSpec;
import dev.legends.image.registry.ProgressListener;
import dev.legends.image.registry.PullResult;
import dev.legends.image.registry.PushResult;
import dev.legends.image.registry.RegistryClient;
import dev.legends.server.api.RegistryRequests;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import dev.legends.store.Events;
import java.util.Map;
import java.util.function.Consumer;

/** POST /v1/images/pull and /push (progress streams), /v1/auth/login and /logout. */
public final class RegistryApi {
    private final RegistryClient registry;
    private final Events events;

    public RegistryApi(RegistryClient registry, Events events) {
        this.registry = registry;
        this.events = events;
    }

    public void register(Router router) {
        router.post("/v1/images/pull", r -> Response.progress(p -> pull(r.json(RegistryRequests.Pull.class), p)))
                .post("/v1/images/push", r -> Response.progress(p -> push(r.json(RegistryRequests.Push.class), p)))
                .post("/v1/auth/login", this::login)
                .post("/v1/auth/logout", r -> {
                    RegistryRequests.Logout l = r.json(RegistryRequests.Logout.class);
                    boolean removed = registry.logout(required(l.registry(), "registry"));
                    return Response.json(Map.of("removed", removed));
                });
    }

    private RegistryRequests.Pulled pull(RegistryRequests.Pull req, Consumer<String> progress) {
        PlatformSpec platform = req.platform() == null || req.platform().isBlank() ? null : PlatformSpec.parse(req.platform());
        PullResult r = registry.pull(required(req.reference(), "reference"), platform, blobs(progress));
        events.append("image", r.reference().familiar(), "pulled " + r.id());
        return new RegistryRequests.Pulled(r.reference().familiar(), r.id().toString(), r.digest().toString(), r.downloaded());
    }

    private RegistryRequests.Pushed push(RegistryRequests.Push req, Consumer<String> progress) {
        PushResult r = registry.push(required(req.reference(), "reference"), blobs(progress));
        events.append("image", r.reference().familiar(), "pushed " + r.manifest());
        return new RegistryRequests.Pushed(r.reference().familiar(), r.manifest().toString(), r.size(), r.uploaded());
    }

    private Response login(Request r) {
        RegistryRequests.Login l = r.json(RegistryRequests.Login.class);
        registry.login(required(l.registry(), "registry"), required(l.username(), "username"), required(l.password(), "password"));
        return Response.json(Map.of("status", "Login Succeeded"));
    }

    private static ProgressListener blobs(Consumer<String> progress) {
        return (BlobProgress b) -> progress.accept(Json.compact(new RegistryRequests.Blob(b.shortId(), b.kind().name(),
                b.state().name(), b.done(), b.total())));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw LegendsException.invalid(field + " is required");
        }
        return value;
    }
}
