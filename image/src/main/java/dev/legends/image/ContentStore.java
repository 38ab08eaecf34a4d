package dev.legends.image;

import dev.legends.core.Digest;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Blobs by digest, at {@code ROOT/content/blobs/sha256/<hex>}; {@code ROOT/content} is a valid OCI
 * image layout, so skopeo or umoci can read it as {@code oci:ROOT/content}.
 *
 * <p>Writes are two-phase. A {@link BlobWriter} hashes while it writes to a private ingest file and
 * verifies what the caller expected; {@link BlobWriter#finish()} fsyncs it and hands back a
 * {@link StagedBlob}, still invisible. {@link #commit} renames it into place atomically, so a
 * reader sees a whole blob or none. Blobs that no image references are removed by
 * {@link ImageStore#prune()}: to keep what you write, make it reachable with
 * {@link ImageStore#add}, which commits and tags under one lock.
 */
public interface ContentStore {

    /** Opens (creating if needed) the content store under {@code root}. */
    static ContentStore open(Path root) {
        return FileContentStore.open(root.resolve("content"));
    }

    /** {@code ROOT/content}, an OCI image layout. */
    Path directory();

    boolean contains(Digest digest);

    /** The blob's size in bytes; not-found if absent. */
    long size(Digest digest);

    /** Reads a blob; the stream fails at EOF with an IOException if the content does not match. */
    InputStream open(Digest digest);

    /** Reads a small blob whole, verified; refuses one larger than {@code maxBytes}. */
    byte[] read(Digest digest, int maxBytes);

    /**
     * The blob's file, for readers that need random access or seeking (layer analysis, unpacking).
     * Not verified: call {@link #open} when the content must be checked.
     */
    Path path(Digest digest);

    /** A writer for content whose digest is not known in advance. */
    BlobWriter writer();

    /** A writer that refuses content other than {@code expected} ({@code size} -1 when unknown). */
    BlobWriter writer(Digest expected, long size);

    /** Stages {@code in} to its end; {@code expected} may be null and {@code size} -1 when unknown. */
    StagedBlob stage(InputStream in, Digest expected, long size);

    StagedBlob stage(byte[] content);

    /** Moves a staged blob into the store (a no-op if the store has it already). */
    Digest commit(StagedBlob blob);
}
