package dev.legends.build;

import dev.legends.core.Digest;

/**
 * A built image: its id (the sha256 of {@code config}), its OCI image config JSON (with
 * {@code rootfs.diff_ids} and {@code history} filled in) and its layers, bottom first.
 */
public record BuiltImage(Digest id, byte[] config, LayerChain layers) {}
