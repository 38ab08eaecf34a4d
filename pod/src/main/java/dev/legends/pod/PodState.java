package dev.legends.pod;

/** A pod's state, from its pause container and members. */
public enum PodState {
    /** The pause container runs and so does every member. */
    RUNNING,
    /** The pause container runs but some member does not. */
    DEGRADED,
    /** The pause container is not running. */
    EXITED
}
