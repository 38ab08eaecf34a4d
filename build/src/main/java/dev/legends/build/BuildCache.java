package dev.legends.build;

import java.util.Optional;

/**
 * Port: remembers what each step produced, by a key the builder computes from the step's parent,
 * its instruction after substitution and, for COPY and ADD, the content of its sources.
 */
public interface BuildCache {

    /**
     * The step stored under {@code key}; empty if none, or if its layer is no longer available.
     * {@code parent} is the chain the step ran on: with the step's layer on top it names the
     * snapshot that must still exist.
     */
    Optional<CachedStep> lookup(String key, LayerChain parent);

    /** Remembers what the step made on {@code parent}. */
    void put(String key, LayerChain parent, CachedStep step);

    /** A cache that remembers nothing. */
    BuildCache NONE = new BuildCache() {
        @Override
        public Optional<CachedStep> lookup(String key, LayerChain parent) {
            return Optional.empty();
        }

        @Override
        public void put(String key, LayerChain parent, CachedStep step) {}
    };
}
