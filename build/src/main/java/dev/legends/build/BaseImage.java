package dev.legends.build;

import dev.legends.core.Digest;

/**
 * A base image: its id (the digest of its config), its OCI image config JSON as stored (the
 * builder keeps fields it does not know), and its layers. {@code layers} must match the config's
 * {@code rootfs.diff_ids}.
 */
public record BaseImage(String reference, Digest id, byte[] config, LayerChain layers) {}
