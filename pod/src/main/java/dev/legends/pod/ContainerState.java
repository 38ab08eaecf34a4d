package dev.legends.pod;

/** Where a container is in its life, as {@code legends ps} shows it. */
public enum ContainerState {
    CREATED,
    RUNNING,
    /** Exited, and its restart policy brings it back after a back-off delay. */
    RESTARTING,
    EXITED
}
