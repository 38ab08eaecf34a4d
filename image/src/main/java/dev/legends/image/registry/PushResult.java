package dev.legends.image.registry;

import dev.legends.core.Digest;
import dev.legends.image.Reference;

/**
 * What a push sent.
 *
 * @param manifest the digest of the manifest, as the registry now serves it
 * @param size the manifest's size in bytes (docker prints "digest: ... size: N")
 * @param uploaded blob bytes actually sent (blobs found or mounted cost nothing)
 */
public record PushResult(Reference reference, Digest manifest, long size, long uploaded) {}
