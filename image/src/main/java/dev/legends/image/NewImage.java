package dev.legends.image;

import dev.legends.image.oci.Descriptor;
import java.util.List;

/** An image to make visible: its manifest (whose blobs must be in the store) and the names to give it. */
public record NewImage(Descriptor manifest, List<Reference> references) {
    public NewImage {
        references = List.copyOf(references);
    }
}
