package dev.legends.build;

import java.nio.file.Path;
import java.util.Optional;

/** A step's rootfs, prepared by a {@link RootfsProvider}. */
public interface WritableRootfs extends AutoCloseable {

    /** The merged directory the step writes into and runs in. */
    Path dir();

    /**
     * The changes made in {@link #dir()} since {@link RootfsProvider#prepare} as a new committed
     * layer on top of the parent chain, or empty when nothing changed (no layer is made then).
     * The committed layer can be a parent for later {@code prepare} calls.
     */
    Optional<Layer> commit();

    /** Releases the rootfs; uncommitted changes are discarded. Called after commit too. */
    @Override
    void close();
}
