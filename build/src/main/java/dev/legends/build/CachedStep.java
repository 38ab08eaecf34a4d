package dev.legends.build;

import java.time.Instant;
import java.util.Optional;

/**
 * What a step produced: its layer (empty for metadata steps and steps that changed nothing) and
 * when it was made, which a cache hit reuses so that an unchanged rebuild yields the same image id.
 */
public record CachedStep(Optional<Layer> layer, Instant created) {}
