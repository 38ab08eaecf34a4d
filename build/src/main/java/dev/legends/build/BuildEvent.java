package dev.legends.build;

import dev.legends.core.Digest;
import java.time.Duration;
import java.util.List;

/** What a build reports, in order; {@link #text()} is the line podman would print for it. */
public sealed interface BuildEvent {

    String text();

    /** A step begins: {@code STEP 3/7: RUN make}. */
    record StepStarted(int step, int total, String instruction) implements BuildEvent {
        @Override
        public String text() {
            return "STEP " + step + "/" + total + ": " + instruction;
        }
    }

    /** A line the step's command wrote. */
    record Output(int step, String line) implements BuildEvent {
        @Override
        public String text() {
            return line;
        }
    }

    /** The step's result came from the cache ({@code id}: the cache key, short). */
    record CacheHit(int step, String id) implements BuildEvent {
        @Override
        public String text() {
            return "--> Using cache " + id;
        }
    }

    record StepFinished(int step, Duration took, boolean cached) implements BuildEvent {
        @Override
        public String text() {
            return "--> " + (cached ? "cached" : "done") + " in " + took.toMillis() + "ms";
        }
    }

    record Warning(String message) implements BuildEvent {
        @Override
        public String text() {
            return "[Warning] " + message;
        }
    }

    record Built(Digest imageId, List<String> tags) implements BuildEvent {
        public Built {
            tags = List.copyOf(tags);
        }

        @Override
        public String text() {
            return imageId.hex();
        }
    }
}
