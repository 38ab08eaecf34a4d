package dev.legends.image.analysis;

import dev.legends.core.Digest;

/**
 * One layer as {@code legends image analyze} shows it.
 *
 * @param number 1-based, bottom first
 * @param blobSize the stored blob (compressed or not)
 * @param contentSize the sum of the sizes in the layer's tar headers (what dive shows as its size)
 * @param createdBy the history step that made the layer, or null when the history does not say
 */
public record LayerReport(int number, Digest digest, Digest diffId, long blobSize, long contentSize, String createdBy, String comment) {}
