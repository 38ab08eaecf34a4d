package dev.legends.snapshot;

import dev.legends.core.Digest;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Layers on disk, after containerd's snapshotter: committed snapshots hold unpacked layers and
 * are named by chain id; active snapshots are writable layers over a committed parent, views are
 * read-only ones; both are named by the caller's key. A snapshotter hands out {@link Mount}s and
 * never mounts anything itself ({@link Mounts} does).
 */
public interface Snapshotter {
    /** The overlayfs snapshotter keeping its snapshots under {@code root}, created if missing. */
    static Snapshotter overlay(Path root) {
        return OverlaySnapshotter.open(root);
    }

    /**
     * Unpacks a layer blob (plain, gzip or zstd) over {@code parent} (null for a base layer) into a
     * committed snapshot. A layer already unpacked on the same parent is not unpacked again: since
     * its chain id is known only once its diff id is, prefer the overload with the diff id.
     */
    SnapshotInfo applyLayer(Digest parent, InputStream blob);

    /**
     * Like {@link #applyLayer(Digest, InputStream)} for a layer whose diff id the image config gives:
     * returns at once, without reading the blob, if that chain is unpacked already; a thread asking
     * for a chain another thread is unpacking waits for it. The content must match the diff id.
     */
    SnapshotInfo applyLayer(Digest parent, InputStream blob, Digest diffId);

    /** A new writable snapshot over {@code parent} (null for an empty one), and how to mount it. */
    Mount prepare(String key, Digest parent);

    /** A new read-only view of the committed chain {@code parent}, and how to mount it. */
    Mount view(String key, Digest parent);

    /** How to mount the active snapshot or view {@code key} again. */
    Mount mounts(String key);

    /**
     * Writes the changes of active snapshot {@code key} (unmounted) as a layer to {@code layer}.
     * With {@code register}, the snapshot then becomes the committed snapshot of the new chain id
     * and {@code key} is gone; without, it stays active.
     */
    Committed commit(String key, OutputStream layer, WriteOptions options, boolean register);

    /** Removes a snapshot (by key or chain id) that no other snapshot has as its parent. */
    void remove(String name);

    Optional<SnapshotInfo> stat(String name);

    /** Every snapshot, oldest first. */
    List<SnapshotInfo> list();

    /** Disk used by the snapshot's own files; a view has none. */
    Usage usage(String name);

    /**
     * The merged tree of committed chain {@code chainId}, read without mounting; layer 0 of its
     * entries is that snapshot, layer 1 its parent, and so on.
     */
    MergedView mergedView(Digest chainId);
}
