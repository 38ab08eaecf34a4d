package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageConfig;
import dev.legends.image.oci.Manifest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An image in the store, resolved: its id (the config digest, as docker and podman print it), the
 * manifest that names its blobs, its parsed config, and every name it goes by.
 */
public record Image(Digest id, Descriptor manifestDescriptor, Manifest manifest, ImageConfig config, List<Reference> references) {
    public Image {
        references = List.copyOf(references);
    }

    public Digest manifestDigest() {
        return manifestDescriptor.digest();
    }

    /** The uncompressed layer digests, bottom first. */
    public List<Digest> diffIds() {
        return config.rootfs().diffIds();
    }

    /** When the image was made, or null when its config does not say (or says it unreadably). */
    public Instant created() {
        return parseCreated(config.created());
    }

    /** Bytes the image takes in the content store: config plus layer blobs as stored. */
    public long size() {
        long size = manifest.config().size();
        for (Descriptor layer : manifest.layers()) {
            size += layer.size();
        }
        return size;
    }

    static Instant parseCreated(String created) {
        if (created == null || created.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(created);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
