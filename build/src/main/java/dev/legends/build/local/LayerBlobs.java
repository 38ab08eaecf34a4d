package dev.legends.build.local;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.MediaTypes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which blob holds each layer of one build, by diff id, for the manifest of the image it makes.
 * Layers the build committed are stored as plain tars, so their blob digest is their diff id;
 * base image layers may be compressed, and their descriptors are learnt when the base is resolved.
 */
final class LayerBlobs {
    private final ContentStore content;
    private final Map<Digest, Descriptor> base = new ConcurrentHashMap<>();

    LayerBlobs(ContentStore content) {
        this.content = content;
    }

    /** Remembers the blobs of a resolved image's layers, pairing its manifest's layers with its diff ids. */
    void learn(List<Descriptor> layers, List<Digest> diffIds) {
        for (int i = 0; i < layers.size() && i < diffIds.size(); i++) {
            base.putIfAbsent(diffIds.get(i), layers.get(i));
        }
    }

    Descriptor descriptor(Digest diffId) {
        Descriptor d = base.get(diffId);
        if (d != null) {
            return d;
        }
        if (content.contains(diffId)) {
            return Descriptor.of(MediaTypes.OCI_LAYER, diffId, content.size(diffId));
        }
        // committed blobs belong to no image until the build's image is stored: a prune in between removes them
        throw LegendsException.precondition("layer " + diffId.shortHex()
                + " is no longer in the content store (removed by an image prune during the build?): build again");
    }
}
