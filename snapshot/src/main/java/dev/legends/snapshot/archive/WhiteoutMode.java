package dev.legends.snapshot.archive;

/** What a layer's whiteouts turn into when it is applied. */
public enum WhiteoutMode {
    /**
     * For a snapshot that overlayfs stacks: {@code .wh.NAME} becomes a 0:0 character device NAME and
     * {@code .wh..wh..opq} sets {@code trusted.overlay.opaque=y} on its directory, as the kernel
     * writes them in an upper dir.
     */
    OVERLAY,
    /** For a tree that already holds the lower layers merged: delete NAME, empty the directory. */
    MERGE
}
