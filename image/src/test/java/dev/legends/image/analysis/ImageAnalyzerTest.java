package dev.legends.image.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.legends.image.ImageStore;
import dev.legends.image.TestImages;
import dev.legends.image.TestTars;
import dev.legends.image.oci.History;
import dev.legends.image.oci.MediaTypes.LayerCompression;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waste and efficiency as dive computes them, on layers small enough to work out by hand. */
class ImageAnalyzerTest {
    @TempDir
    Path root;

    /**
     * Layer 1: bin/tool (5000 B), etc/conf (10 B). Layer 2: app/data.bin (1000 B). Layer 3 deletes
     * app/data.bin and rewrites etc/conf (12 B). dive: data.bin is 1000 + 0 (a file's whiteout hides
     * no directory), conf is 10 + 12; wasted = 1022; score = (5000 + 0 + 10) / (5000 + 1000 + 22).
     */
    @Test
    void aDeletedFileAndAnOverwrittenOneAreWasteAsDiveCountsIt() {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "app:waste", List.of(
                TestTars.tar().dir("bin").file("bin/tool", 5000).dir("etc").file("etc/conf", 10).bytes(),
                TestTars.tar().dir("app").file("app/data.bin", 1000).bytes(),
                TestTars.tar().dir("app").whiteout("app", "data.bin").dir("etc").file("etc/conf", 12).bytes()),
                List.of(new History(null, "ADD rootfs.tar /", null, null, null),
                        new History(null, "ENV X=1", null, null, true),
                        new History(null, "COPY data.bin /app/", null, null, null),
                        new History(null, "RUN rm /app/data.bin && echo v2 > /etc/conf", null, null, null)),
                "2024-01-01T00:00:00Z");

        ImageAnalysis a = ImageAnalyzer.analyze(store, "app:waste");

        assertThat(a.wastedBytes()).isEqualTo(1022);
        assertThat(a.efficiency()).isCloseTo(5010.0 / 6022.0, within(1e-12));
        assertThat(a.sizeBytes()).isEqualTo(5010 + 1000 + 12);
        assertThat(a.userSizeBytes()).isEqualTo(1012);
        assertThat(a.wastedUserPercent()).isCloseTo(1022.0 / 1012.0, within(1e-12));
        assertThat(a.waste()).extracting(Waste::path, Waste::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("app/data.bin", 1000L), org.assertj.core.groups.Tuple.tuple("etc/conf", 22L));
        assertThat(a.waste().getFirst().occurrences()).containsExactly(
                new Waste.Occurrence(2, 1000, false), new Waste.Occurrence(3, 0, true));
        assertThat(a.cause()).isEqualTo("app/data.bin (1.0 kB) added in layer 2 and deleted in layer 3: "
                + "delete it in the same RUN step that creates it, or build it in an earlier stage of a multi-stage build");
        // history steps that made no layer are skipped when pairing steps with layers
        assertThat(a.layers()).extracting(LayerReport::createdBy)
                .containsExactly("ADD rootfs.tar /", "COPY data.bin /app/", "RUN rm /app/data.bin && echo v2 > /etc/conf");
        assertThat(a.layers()).extracting(LayerReport::contentSize).containsExactly(5010L, 1000L, 12L);
        assertThat(a.render(5))
                .contains("Efficiency:          83.1950 %")
                .contains("Wasted bytes:        1022 bytes (1.0 kB)")
                .contains("2      1.0 kB     app/data.bin")
                .contains("Cause: app/data.bin (1.0 kB) added in layer 2");
    }

    /** An archive copied in one step and deleted in the next (gzip layers). */
    @Test
    void anArchiveAddedThenDeletedSaysToUnpackItInTheSameStep() {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "jdk:bad", List.of(
                TestTars.tar().dir("bin").file("bin/sh", 100).bytes(),
                TestTars.tar().dir("etc").file("etc/os-release", 20).bytes(),
                TestTars.tar().dir("usr").dir("usr/local").file("usr/local/jdk.tar.gz", 2_000_000).bytes(),
                TestTars.tar().dir("usr/local").whiteout("usr/local", "jdk.tar.gz").dir("usr/local/jdk").file("usr/local/jdk/java", 300).bytes()),
                List.of(), "2024-01-01T00:00:00Z", LayerCompression.GZIP);

        ImageAnalysis a = ImageAnalyzer.analyze(store, "jdk:bad");

        assertThat(a.wastedBytes()).isEqualTo(2_000_000);
        assertThat(a.efficiency()).isCloseTo((100.0 + 20 + 0 + 300) / (100 + 20 + 2_000_000 + 300), within(1e-12));
        assertThat(a.cause()).isEqualTo("usr/local/jdk.tar.gz (2.0 MB) added in layer 3 and deleted in layer 4: "
                + "unpack it in the same step, or ADD the archive");
        assertThat(a.layers()).allSatisfy(l -> assertThat(l.createdBy()).isNull());
        assertThat(a.render(5)).contains("(missing)");
    }

    /**
     * A whiteout of a directory is sized by what it hides (dive stacks the lower layers to find
     * out); it is waste when its path also appears elsewhere, here as the directory made again.
     */
    @Test
    void aDeletedDirectoryCountsWhatItHides() {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "cache:1", List.of(
                TestTars.tar().dir("cache").file("cache/a", 300).file("cache/b", 200).bytes(),
                TestTars.tar().whiteout("", "cache").bytes(),
                TestTars.tar().dir("cache").bytes()));

        ImageAnalysis a = ImageAnalyzer.analyze(store, "cache:1");

        assertThat(a.waste()).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo("cache");
            assertThat(w.size()).isEqualTo(500);
        });
        assertThat(a.wastedBytes()).isEqualTo(500);
        assertThat(a.efficiency()).isCloseTo(500.0 / 1000.0, within(1e-12));
        assertThat(a.cause()).isEqualTo("cache (500 B) deleted in layer 2 but still stored in the layers below: "
                + "delete it in the same RUN step that creates it, or build it in an earlier stage of a multi-stage build");
    }

    /** The same file written twice at the same size, as a RUN chmod does (zstd layers). */
    @Test
    void aFileRewrittenWithTheSameSizeHintsAtChmod() {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "perm:1", List.of(
                TestTars.tar().file("app.jar", 4000).bytes(),
                TestTars.tar().file("app.jar", 4000).bytes()), List.of(), null, LayerCompression.ZSTD);
        ImageAnalysis a = ImageAnalyzer.analyze(store, "perm:1");
        assertThat(a.wastedBytes()).isEqualTo(8000);
        assertThat(a.efficiency()).isCloseTo(0.5, within(1e-12));
        assertThat(a.cause()).isEqualTo("app.jar (8.0 kB) written in layers 1 and 2: if only its mode or owner changed, "
                + "set them where it is written (COPY --chmod/--chown) instead of in a later RUN");
    }

    @Test
    void anImageWithoutWasteIsFullyEfficient() {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "clean:1", List.of(TestTars.tar().file("a", 10).bytes(), TestTars.tar().file("b", 10).bytes()));
        ImageAnalysis a = ImageAnalyzer.analyze(store, "clean:1");
        assertThat(a.efficiency()).isEqualTo(1.0);
        assertThat(a.wastedBytes()).isZero();
        assertThat(a.cause()).isEqualTo("no wasted space: no file is written in more than one layer");
    }

    @Test
    void sizesPrintLikeDive() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(22)).isEqualTo("22 B");
        assertThat(Sizes.human(1022)).isEqualTo("1.0 kB");
        assertThat(Sizes.human(1_140)).isEqualTo("1.1 kB");
        assertThat(Sizes.human(20_000_000)).isEqualTo("20 MB");
        assertThat(Sizes.human(999_999)).isEqualTo("1000 kB");
    }
}
