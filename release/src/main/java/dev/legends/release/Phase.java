package dev.legends.release;

/**
 * Where a release stands. ABORTED is what Argo Rollouts shows as Degraded and COMPLETED as
 * Healthy; a release in either may still be scaling an old revision down after its delay.
 */
public enum Phase {
    PROGRESSING, PAUSED, ABORTED, COMPLETED;

    public boolean active() {
        return this == PROGRESSING || this == PAUSED;
    }

    /** Argo Rollouts' word for it, as status shows. */
    public String health() {
        return switch (this) {
            case PROGRESSING -> "Progressing";
            case PAUSED -> "Paused";
            case ABORTED -> "Degraded";
            case COMPLETED -> "Healthy";
        };
    }
}
