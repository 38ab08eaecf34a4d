package dev.legends.build;

import java.util.Optional;

/**
 * Port: remembers what each step produced, by a key the builder computes from the step's parent,
 * its instruction after substitution and, for COPY and ADD, the content of its sources.
 */
public interface BuildCache {

    /** The step stored under {@code key}; empty if none, or if its layer is no longer available. */
    Optional<CachedStep> lookup(String key);

    void put(String key, CachedStep step);

    /** A cache that remembers nothing. */
    BuildCache NONE = new BuildCache() {
        @Override
        public Optional<CachedStep> lookup(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, CachedStep step) {}
    };
}
