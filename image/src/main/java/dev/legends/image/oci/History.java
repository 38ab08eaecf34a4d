package dev.legends.image.oci;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One build step; steps that changed only metadata say so with {@code empty_layer}. */
public record History(
        String created,
        @JsonProperty("created_by") String createdBy,
        String author,
        String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer) {

    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}
