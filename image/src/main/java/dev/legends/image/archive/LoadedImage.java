package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.image.Reference;
import java.util.List;

/** An image an archive held: its id and the names it was loaded under (none for an untagged one). */
public record LoadedImage(Digest id, List<Reference> references) {
    public LoadedImage {
        references = List.copyOf(references);
    }
}
