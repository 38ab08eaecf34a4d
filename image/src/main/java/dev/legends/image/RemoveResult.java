package dev.legends.image;

import dev.legends.core.Digest;
import java.util.List;

/**
 * What {@code legends image rm} did, in docker's terms.
 *
 * @param untagged names removed
 * @param deleted the image id, if no name is left for it (its blobs go at the next prune); else null
 */
public record RemoveResult(List<Reference> untagged, Digest deleted) {
    public RemoveResult {
        untagged = List.copyOf(untagged);
    }
}
