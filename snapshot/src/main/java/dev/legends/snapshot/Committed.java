package dev.legends.snapshot;

import dev.legends.core.Digest;
import dev.legends.snapshot.archive.Written;

/**
 * The result of committing an active snapshot: the layer written, its chain id, and the committed
 * snapshot that now holds it (null when the caller did not ask to register it).
 */
public record Committed(Written layer, Digest chainId, SnapshotInfo snapshot) {}
