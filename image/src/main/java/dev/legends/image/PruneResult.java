package dev.legends.image;

import dev.legends.core.Digest;
import java.util.List;

/** The blobs a prune deleted and the bytes that freed. */
public record PruneResult(List<Digest> removed, long freedBytes) {
    public PruneResult {
        removed = List.copyOf(removed);
    }
}
