package dev.legends.image.archive;

import dev.legends.image.Image;
import dev.legends.image.Reference;
import java.util.List;

/** An image to save and the names to save it under (none when it was asked for by id). */
record SaveItem(Image image, List<Reference> names) {}
