package dev.legends.image.registry;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.Reference;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.registry.BlobProgress.Kind;
import dev.legends.image.registry.BlobProgress.State;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One push: every blob of the image (layers, then config) put into the repository, a few at a
 * time, then the manifest, with its own bytes and media type, so the registry serves the digest
 * the local store knows. The manifest goes last: a registry refuses one whose blobs it lacks.
 */
final class Pusher {
    private final ImageStore store;
    private final RegistryHttp http;
    private final Retrier retrier;
    private final BlobSources sources;
    private final int parallel;
    private final long chunkSize;
    private final Duration timeout;

    Pusher(ImageStore store, RegistryHttp http, Retrier retrier, BlobSources sources, int parallel, long chunkSize,
            Duration timeout) {
        this.store = store;
        this.http = http;
        this.retrier = retrier;
        this.sources = sources;
        this.parallel = parallel;
        this.chunkSize = chunkSize;
        this.timeout = timeout;
    }

    PushResult push(Reference target, ProgressListener listener) {
        Image image = store.resolve(target.toString());
        ContentStore content = store.content();
        byte[] manifestBytes = content.read(image.manifestDigest(), ManifestDocument.MAX_BYTES);
        String mediaType = image.manifestDescriptor().mediaType();
        if (mediaType == null) {
            mediaType = ManifestDocument.of(manifestBytes, null).mediaType();
        }
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        Map<Digest, Kind> kinds = new LinkedHashMap<>();
        for (Descriptor layer : image.manifest().layers()) {
            blobs.putIfAbsent(layer.digest(), layer);
            kinds.putIfAbsent(layer.digest(), Kind.LAYER);
        }
        blobs.putIfAbsent(image.manifest().config().digest(), image.manifest().config());
        kinds.putIfAbsent(image.manifest().config().digest(), Kind.CONFIG);

        Progress progress = new Progress(listener);
        List<Callable<BlobUpload.Outcome>> uploads = new ArrayList<>();
        for (Descriptor d : blobs.values()) {
            Kind kind = kinds.get(d.digest());
            progress.update(d.digest(), kind, State.WAITING, 0, d.size());
            uploads.add(new BlobUpload(http, retrier, target.path(), d, kind, content, progress,
                    mountSource(d.digest(), target, image), chunkSize)::push);
        }
        long uploaded = Transfers.run(parallel, uploads, o -> {}).stream().mapToLong(BlobUpload.Outcome::uploaded).sum();

        String tagOrDigest = target.tag() != null ? target.tag() : target.digest().toString();
        String type = mediaType;
        retrier.run(() -> {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                            http.uri("/v2/" + target.path() + "/manifests/" + tagOrDigest))
                    .PUT(BodyPublishers.ofByteArray(manifestBytes)).header("Content-Type", type).timeout(timeout),
                    List.of("repository:" + target.path() + ":pull,push"));
            response.body().close();
            http.check(response, "manifest", 201, 200, 204);
            String stored = response.headers().firstValue("Docker-Content-Digest").orElse(image.manifestDigest().toString());
            if (!stored.equals(image.manifestDigest().toString())) {
                throw LegendsException.invalid("manifest " + image.manifestDigest() + ": the registry stored it as " + stored);
            }
            return null;
        });
        sources.record(target.repository(), blobs.keySet());
        return new PushResult(target, image.manifestDigest(), manifestBytes.length, uploaded);
    }

    /**
     * A repository on the target's registry that should hold the blob: one it was pulled from or
     * pushed to before, else another name of the image there. A wrong guess costs nothing: the
     * registry answers a failed mount by starting an ordinary upload, which is then used.
     */
    private String mountSource(Digest blob, Reference target, Image image) {
        String prefix = target.domain() + "/";
        for (String repo : sources.find(blob)) {
            if (repo.startsWith(prefix) && !repo.equals(target.repository())) {
                return repo.substring(prefix.length());
            }
        }
        for (Reference name : image.references()) {
            if (name.domain().equals(target.domain()) && !name.path().equals(target.path())) {
                return name.path();
            }
        }
        return null;
    }
}
