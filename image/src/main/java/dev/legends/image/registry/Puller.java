package dev.legends.image.registry;

import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.ImageStore;
import dev.legends.image.NewImage;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.Manifest;
import dev.legends.image.registry.BlobProgress.Kind;
import dev.legends.image.registry.BlobProgress.State;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * One pull: name to manifest (through an index to the platform's manifest), then the config and
 * layers the store lacks, in parallel, each verified as it streams into a staged file; then the
 * manifest is staged as served, and {@link ImageStore#add} commits everything and names the image
 * in one step. Until that step nothing is visible; after a failure nothing is left.
 */
final class Puller {
    private final ImageStore store;
    private final RegistryHttp http;
    private final Retrier retrier;
    private final BlobSources sources;
    private final int parallel;
    private final Duration timeout;

    Puller(ImageStore store, RegistryHttp http, Retrier retrier, BlobSources sources, int parallel, Duration timeout) {
        this.store = store;
        this.http = http;
        this.retrier = retrier;
        this.sources = sources;
        this.parallel = parallel;
        this.timeout = timeout;
    }

    PullResult pull(Reference ref, PlatformSpec platform, ProgressListener listener) {
        List<String> scopes = List.of("repository:" + ref.path() + ":pull");
        ManifestDocument doc = fetchManifest(ref.path(), scopes,
                ref.digest() != null ? ref.digest().toString() : ref.tag(), ref.digest());
        Digest index = null;
        if (doc.isIndex()) {
            index = doc.digest();
            Descriptor chosen = choose(Json.read(doc.bytes(), ImageIndex.class), platform, doc.digest());
            doc = fetchManifest(ref.path(), scopes, chosen.digest().toString(), chosen.digest());
            if (doc.isIndex()) {
                throw LegendsException.invalid("index " + index + ": its " + platform + " entry is another index, which Legends does not follow");
            }
        }
        Manifest manifest = parse(doc);
        Progress progress = new Progress(listener);
        ContentStore content = store.content();
        Map<Digest, Descriptor> needed = new LinkedHashMap<>();
        Map<Digest, Kind> kinds = new LinkedHashMap<>();
        for (Descriptor layer : manifest.layers()) {
            needed.putIfAbsent(layer.digest(), layer);
            kinds.putIfAbsent(layer.digest(), Kind.LAYER);
        }
        needed.putIfAbsent(manifest.config().digest(), manifest.config());
        kinds.putIfAbsent(manifest.config().digest(), Kind.CONFIG);

        List<Callable<StagedBlob>> downloads = new ArrayList<>();
        for (Descriptor d : needed.values()) {
            Kind kind = kinds.get(d.digest());
            if (content.contains(d.digest())) {
                progress.update(d.digest(), kind, State.EXISTS, d.size(), d.size());
                continue;
            }
            progress.update(d.digest(), kind, State.WAITING, 0, d.size());
            downloads.add(new BlobDownload(http, retrier, ref.path(), scopes, d, kind, content, progress)::fetch);
        }
        List<StagedBlob> staged = new ArrayList<>(Transfers.run(parallel, downloads, StagedBlob::close));
        long downloaded = staged.stream().mapToLong(StagedBlob::size).sum();
        try {
            staged.add(content.stage(new ByteArrayInputStream(doc.bytes()), doc.digest(), doc.bytes().length));
            // a name@digest keeps the digest of what was stored, so that it finds the image again
            Reference name = ref.digest() == null ? ref : new Reference(ref.domain(), ref.path(), ref.tag(), doc.digest());
            store.add(staged, List.of(new NewImage(doc.descriptor(), List.of(name))));
            sources.record(ref.domain() + "/" + ref.path(), needed.keySet());
            return new PullResult(name, manifest.config().digest(), doc.digest(), index, downloaded);
        } finally {
            staged.forEach(StagedBlob::close); // no-op for committed blobs; deletes the rest
        }
    }

    private ManifestDocument fetchManifest(String repository, List<String> scopes, String tagOrDigest, Digest expected) {
        return retrier.run(() -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/v2/" + repository + "/manifests/" + tagOrDigest))
                    .GET().header("Accept", ManifestDocument.ACCEPT).timeout(timeout);
            HttpResponse<InputStream> response = http.send(request, scopes);
            http.check(response, "", 200);
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(ManifestDocument.MAX_BYTES + 1);
            }
            if (bytes.length > ManifestDocument.MAX_BYTES) {
                throw LegendsException.invalid("manifest " + tagOrDigest + ": larger than " + ManifestDocument.MAX_BYTES + " bytes");
            }
            ManifestDocument doc = ManifestDocument.of(bytes, response.headers().firstValue("Content-Type").orElse(null));
            if (expected != null && !expected.equals(doc.digest())) {
                throw LegendsException.invalid("manifest " + expected + ": digest mismatch (content is " + doc.digest() + ")");
            }
            String served = response.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (served != null && served.startsWith("sha256:") && !served.equals(doc.digest().toString())) {
                throw LegendsException.invalid("manifest " + tagOrDigest + ": the registry says its digest is " + served
                        + ", but the content is " + doc.digest());
            }
            return doc;
        });
    }

    private static Manifest parse(ManifestDocument doc) {
        Manifest m;
        try {
            m = Json.read(doc.bytes(), Manifest.class);
        } catch (LegendsException e) {
            throw e.wrap("manifest " + doc.digest());
        }
        if (m.config() == null || m.config().digest() == null) {
            throw LegendsException.invalid("manifest " + doc.digest() + ": no config descriptor");
        }
        return m;
    }

    /** The index entry for {@code platform}; the first match wins, as with docker. */
    static Descriptor choose(ImageIndex index, PlatformSpec platform, Digest indexDigest) {
        for (Descriptor d : index.manifests()) {
            if (platform.matches(d.platform())) {
                return d;
            }
        }
        String offered = index.manifests().stream()
                .filter(d -> d.platform() != null && !"unknown".equals(d.platform().os()))
                .map(d -> d.platform().os() + "/" + d.platform().architecture()
                        + (d.platform().variant() == null ? "" : "/" + d.platform().variant()))
                .distinct().collect(Collectors.joining(", "));
        throw LegendsException.notFound("no manifest for " + platform + " in index " + indexDigest
                + (offered.isEmpty() ? "" : " (it has " + offered + ")"));
    }
}
