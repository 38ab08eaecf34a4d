package dev.legends.pod;

import java.time.Instant;

/** A pod as the engine records it; its pause container is a {@link StoredContainer} of role PAUSE. */
record StoredPod(String id, String name, String hostname, boolean sharePid, String pauseId, Instant created) {}
