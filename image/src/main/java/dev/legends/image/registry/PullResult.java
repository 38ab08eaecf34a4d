package dev.legends.image.registry;

import dev.legends.core.Digest;
import dev.legends.image.Reference;

/**
 * What a pull stored.
 *
 * @param reference the name the image now has
 * @param id the image id (its config digest)
 * @param manifest the digest of the platform manifest stored
 * @param index the digest of the index the manifest was picked from, or null when the name pointed at a manifest
 * @param downloaded bytes transferred (blobs the store already had cost nothing)
 */
public record PullResult(Reference reference, Digest id, Digest manifest, Digest index, long downloaded) {

    /** The digest the registry knows the name by, as docker prints it after "Digest:". */
    public Digest digest() {
        return index != null ? index : manifest;
    }
}
