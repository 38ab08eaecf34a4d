package dev.legends.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageConfig;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.Platform;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads manifests and configs out of the content store. Parsed values are cached by digest: content
 * never changes under a digest, so the cache cannot go stale.
 */
final class ImageReader {
    static final int MAX_MANIFEST = 4 << 20;
    static final int MAX_CONFIG = 16 << 20;

    private final ContentStore content;
    private final Map<Digest, Manifest> manifests = new ConcurrentHashMap<>();
    private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();

    ImageReader(ContentStore content) {
        this.content = content;
    }

    /** A manifest and the descriptor that names it (the platform's entry when the index points at an index). */
    record Resolved(Descriptor descriptor, Manifest manifest) {}

    Resolved resolve(Descriptor entry) {
        Descriptor d = entry;
        for (int depth = 0; depth < 4; depth++) {
            byte[] blob = content.read(d.digest(), MAX_MANIFEST);
            if (!isIndex(d.mediaType(), blob)) {
                Descriptor found = d;
                Manifest m = manifests.computeIfAbsent(found.digest(), k -> parseManifest(found, blob));
                return new Resolved(found, m);
            }
            d = platformManifest(Json.read(blob, ImageIndex.class), d);
        }
        throw LegendsException.invalid("manifest " + entry.digest() + ": indexes nested too deep");
    }

    ImageConfig config(Manifest manifest) {
        Digest digest = manifest.config().digest();
        return configs.computeIfAbsent(digest, d -> {
            try {
                return Json.read(content.read(d, MAX_CONFIG), ImageConfig.class);
            } catch (LegendsException e) {
                throw e.wrap("config " + d);
            }
        });
    }

    private static Manifest parseManifest(Descriptor d, byte[] blob) {
        try {
            Manifest m = Json.read(blob, Manifest.class);
            if (m.config() == null) {
                throw LegendsException.invalid("no config descriptor");
            }
            return m;
        } catch (LegendsException e) {
            throw e.wrap("manifest " + d.digest());
        }
    }

    /** The entry for this host's platform, or the only entry of an index. */
    private Descriptor platformManifest(ImageIndex index, Descriptor of) {
        Platform host = Platform.host();
        for (Descriptor m : index.manifests()) {
            if (host.matches(m.platform()) && content.contains(m.digest())) {
                return m;
            }
        }
        if (index.manifests().size() == 1) {
            return index.manifests().getFirst();
        }
        throw LegendsException.notFound("index " + of.digest() + ": no manifest for " + host.os() + "/" + host.architecture());
    }

    static boolean isIndex(String mediaType, byte[] blob) {
        if (mediaType != null && (MediaTypes.isIndex(mediaType) || MediaTypes.isManifest(mediaType))) {
            return MediaTypes.isIndex(mediaType);
        }
        // an unknown or missing media type: the document's shape decides
        JsonNode node = Json.read(blob, JsonNode.class);
        return node.has("manifests") && !node.has("config");
    }
}
