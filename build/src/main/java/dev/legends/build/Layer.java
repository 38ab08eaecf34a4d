package dev.legends.build;

import dev.legends.core.Digest;

/** A committed layer: the digest of its uncompressed tar (its diff id) and that tar's size. */
public record Layer(Digest diffId, long size) {}
