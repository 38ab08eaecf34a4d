package dev.legends.snapshot.archive;

import dev.legends.core.Digest;

/**
 * A layer just written.
 *
 * @param diffId sha256 of the uncompressed tar, what the image config lists
 * @param digest sha256 of the bytes written (the blob, compressed or not)
 * @param size number of bytes written
 * @param compression of those bytes
 */
public record Written(Digest diffId, Digest digest, long size, Compression compression) {}
