package dev.legends.snapshot.archive;

import java.time.Instant;

/**
 * How to write a layer.
 *
 * @param compression of the blob written ({@link Compression#NONE} gives the plain tar)
 * @param keepOwners write each file's uid/gid; otherwise every entry is owned by 0:0, as a build
 *     from files of the build context wants
 * @param mtime when set, every entry gets this modification time, so writing the same content twice
 *     gives the same digest; otherwise each file's own mtime in whole seconds
 */
public record WriteOptions(Compression compression, boolean keepOwners, Instant mtime) {
    public WriteOptions {
        if (compression == null) {
            throw new IllegalArgumentException("compression is required");
        }
    }

    /** Plain tar, owners 0:0, the files' own mtimes. */
    public static WriteOptions plain() {
        return new WriteOptions(Compression.NONE, false, null);
    }

    public WriteOptions compressed(Compression c) {
        return new WriteOptions(c, keepOwners, mtime);
    }

    public WriteOptions keepingOwners() {
        return new WriteOptions(compression, true, mtime);
    }

    public WriteOptions withMtime(Instant fixed) {
        return new WriteOptions(compression, keepOwners, fixed);
    }
}
