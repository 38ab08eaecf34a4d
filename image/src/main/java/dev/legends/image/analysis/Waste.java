package dev.legends.image.analysis;

import java.util.List;

/**
 * A path found in more than one layer: every copy but one is waste, and a deletion wastes what it
 * hides. {@code size} is dive's cumulative size: the sum over all occurrences.
 */
public record Waste(String path, long size, List<Occurrence> occurrences) {
    public Waste {
        occurrences = List.copyOf(occurrences);
    }

    /**
     * One layer's entry for the path.
     *
     * @param layer 1-based layer number
     * @param size the entry's size; for a deletion, the size of what it hides (0 for a plain file,
     *     as dive counts it: the file's own entry already carries its size)
     */
    public record Occurrence(int layer, long size, boolean deletion) {}
}
