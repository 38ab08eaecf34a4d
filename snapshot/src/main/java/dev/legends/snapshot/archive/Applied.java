package dev.legends.snapshot.archive;

import dev.legends.core.Digest;

/**
 * What applying a layer did.
 *
 * @param diffId sha256 of the uncompressed tar stream, every byte up to its end
 * @param size bytes of regular file content written (a hard link counts once)
 * @param entries tar entries applied, whiteouts included
 */
public record Applied(Digest diffId, long size, long entries) {}
