package dev.legends.image.analysis;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One line saying why the largest waste happened and how to avoid it. */
final class WasteCause {
    private static final List<String> TARBALLS = List.of(".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst");
    private static final List<String> ZIPS = List.of(".zip", ".jar", ".war", ".whl");
    private static final List<String> CACHES = List.of("var/cache/", "var/lib/apt/lists/", "root/.cache/", "root/.m2/",
            "root/.npm/", "tmp/");

    private WasteCause() {}

    static String of(List<Waste> waste) {
        Waste top = waste.stream().filter(w -> w.size() > 0).findFirst().orElse(null);
        if (top == null) {
            return "no wasted space: no file is written in more than one layer";
        }
        List<Waste.Occurrence> adds = top.occurrences().stream().filter(o -> !o.deletion()).toList();
        Waste.Occurrence deletion = top.occurrences().stream().filter(Waste.Occurrence::deletion).findFirst().orElse(null);
        String what = top.path() + " (" + Sizes.human(top.size()) + ")";
        if (deletion != null) {
            List<Waste.Occurrence> before = adds.stream().filter(o -> o.layer() < deletion.layer()).toList();
            if (!before.isEmpty()) {
                return what + " added in " + layers(before) + " and deleted in layer " + deletion.layer() + ": " + deleteFix(top.path());
            }
            // a deletion with nothing of its own below it: what it hides came from lower entries
            return what + " deleted in layer " + deletion.layer() + " but still stored in the layers below: "
                    + deleteFix(top.path());
        }
        boolean sameSize = adds.stream().mapToLong(Waste.Occurrence::size).distinct().count() == 1;
        String fix = sameSize
                ? "if only its mode or owner changed, set them where it is written (COPY --chmod/--chown) instead of in a later RUN"
                : "every copy stays in the image; write it once, in the step that makes its final version";
        return what + " written in " + layers(adds) + ": " + fix;
    }

    private static String deleteFix(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (TARBALLS.stream().anyMatch(p::endsWith)) {
            return "unpack it in the same step, or ADD the archive";
        }
        if (ZIPS.stream().anyMatch(p::endsWith)) {
            return "download, unpack and delete it in the same RUN step (ADD does not unpack zip files)";
        }
        if (CACHES.stream().anyMatch(p::startsWith)) {
            return "clean the cache in the same RUN step that fills it, or use a cache mount (RUN --mount=type=cache)";
        }
        return "delete it in the same RUN step that creates it, or build it in an earlier stage of a multi-stage build";
    }

    /** "layer 3", "layers 2 and 3", "layers 1, 2 and 4". */
    private static String layers(List<Waste.Occurrence> occurrences) {
        List<String> numbers = occurrences.stream().map(o -> Integer.toString(o.layer())).distinct().toList();
        if (numbers.size() == 1) {
            return "layer " + numbers.getFirst();
        }
        String head = numbers.subList(0, numbers.size() - 1).stream().collect(Collectors.joining(", "));
        return "layers " + head + " and " + numbers.getLast();
    }
}
