package dev.legends.image.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dive's efficiency (wagoodman/dive, filetree/efficiency.go), reproduced to the byte: for every
 * leaf of every layer tree, its path collects a size (a whiteout's is the size of the directory it
 * hides in the layers below, 0 for a file). A path seen in two or more layers is waste, counted
 * with its cumulative size; the score is the sum of each path's smallest size over the sum of all.
 */
final class Efficiency {
    record Result(double score, long wastedBytes, List<Waste> waste) {}

    private static final class PathData {
        final String path;
        final List<Waste.Occurrence> occurrences = new ArrayList<>();
        long cumulative;
        long minimum = -1;

        PathData(String path) {
            this.path = path;
        }
    }

    /** dive stops visiting a layer when a whiteout hides nothing below it; this carries that out. */
    private static final class StopLayer extends RuntimeException {
        StopLayer() {
            super(null, null, false, false);
        }
    }

    private Efficiency() {}

    static Result of(List<LayerTree> trees) {
        Map<String, PathData> paths = new LinkedHashMap<>();
        List<PathData> inefficient = new ArrayList<>();
        if (trees.isEmpty()) {
            return new Result(1.0, 0, List.of());
        }
        Stacked stacked = new Stacked(trees);
        for (int i = 0; i < trees.size(); i++) {
            int layer = i;
            try {
                trees.get(i).root.visitChildFirst(node -> {
                    if (!node.isLeaf()) {
                        return;
                    }
                    String path = node.path();
                    // created before the size is known, as dive does: a path whose whiteout stops the
                    // layer keeps minimum -1 and cumulative 0 (dive's score counts it so; so does ours)
                    PathData data = paths.computeIfAbsent(path, PathData::new);
                    long size;
                    if (node.isWhiteout()) {
                        LayerTree.Node hidden = stacked.through(layer - 1).get(path);
                        if (hidden == null) {
                            throw new StopLayer();
                        }
                        size = hidden.dir ? hidden.subtreeSize() : 0;
                    } else {
                        size = node.size;
                    }
                    data.cumulative += size;
                    if (data.minimum < 0 || size < data.minimum) {
                        data.minimum = size;
                    }
                    data.occurrences.add(new Waste.Occurrence(layer + 1, size, node.isWhiteout()));
                    if (data.occurrences.size() == 2) {
                        inefficient.add(data);
                    }
                });
            } catch (StopLayer e) {
                // dive logs the failed visit and goes on with the next layer
            }
        }
        long minimum = 0;
        long discovered = 0;
        for (PathData d : paths.values()) {
            minimum += d.minimum;
            discovered += d.cumulative;
        }
        double score = discovered == 0 ? 1.0 : (double) minimum / discovered;
        long wasted = 0;
        List<Waste> waste = new ArrayList<>();
        for (PathData d : inefficient) {
            wasted += d.cumulative;
            waste.add(new Waste(d.path, d.cumulative, d.occurrences));
        }
        waste.sort(Comparator.comparingLong(Waste::size).reversed().thenComparing(Waste::path));
        return new Result(score, wasted, waste);
    }

    /**
     * The layers below a given one, stacked, as dive's StackTreeRange(trees, 0, n) builds them: a
     * copy of the first tree with trees 0..n stacked on it. Built incrementally, since the lower
     * layers never change while the upper ones are visited.
     */
    private static final class Stacked {
        private final List<LayerTree> trees;
        private final LayerTree tree;
        private int through = -1;

        Stacked(List<LayerTree> trees) {
            this.trees = trees;
            this.tree = trees.getFirst().copy();
        }

        LayerTree through(int n) {
            while (through < n) {
                through++;
                tree.stack(trees.get(through));
            }
            return tree;
        }
    }
}
