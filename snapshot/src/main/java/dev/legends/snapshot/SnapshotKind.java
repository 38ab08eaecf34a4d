package dev.legends.snapshot;

/** The three kinds of snapshot, as containerd names them. */
public enum SnapshotKind {
    /** An unpacked layer, read-only, named by its chain id; the parent of others. */
    COMMITTED,
    /** A writable container layer (upper and work dirs) over a committed parent, named by a key. */
    ACTIVE,
    /** A read-only mount of a committed chain, named by a key. */
    VIEW
}
