package dev.legends.image.registry;

/**
 * Receives the state of each blob of a pull or push, to draw a bar per layer. Calls are serialised
 * (never two at once), but come from transfer threads: a listener should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> {};

    void update(BlobProgress progress);
}
