package dev.legends.snapshot;

import dev.legends.core.Digest;
import java.time.Instant;

/**
 * What a snapshotter knows about one snapshot.
 *
 * @param name the chain id ("sha256:...") of a committed snapshot, the caller's key otherwise
 * @param parent chain id of the committed snapshot below, null for a base layer or an empty active one
 * @param diffId of the layer a committed snapshot holds, null for the other kinds
 * @param size bytes of file content unpacked into a committed snapshot, 0 for the others
 */
public record SnapshotInfo(String name, SnapshotKind kind, Digest parent, Digest diffId, long size, Instant created) {}
