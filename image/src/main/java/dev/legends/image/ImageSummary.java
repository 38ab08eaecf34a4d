package dev.legends.image;

import dev.legends.core.Digest;
import java.time.Instant;

/**
 * One row of {@code legends image ls}: a name (null for an untagged image) and its image.
 *
 * @param size bytes in the content store (config and layer blobs as stored, compressed or not)
 */
public record ImageSummary(Reference reference, Digest id, Digest manifest, Instant created, long size) {
    public static final String NONE = "<none>";

    public String repository() {
        return reference == null ? NONE : reference.familiarRepository();
    }

    public String tag() {
        return reference == null || reference.tag() == null ? NONE : reference.tag();
    }
}
