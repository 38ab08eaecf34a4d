package dev.legends.build.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.legends.image.analysis.ImageAnalysis;
import dev.legends.image.analysis.ImageAnalyzer;
import dev.legends.image.analysis.LayerReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's lesson: ADD unpacks a local tarball in its own layer, while COPY then RUN tar -x and
 * rm keeps the tarball in the COPY layer for ever (rm only hides it), so the image is larger by
 * about the archive's size, and the analysis says which file and which two steps.
 */
@Tag("runc")
class AddVersusCopyTest {
    @TempDir
    Path tmp;

    LocalEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalEngine(tmp);
    }

    @AfterEach
    void nothingLeft() throws IOException {
        engine.assertNothingLeft();
    }

    @Test
    void copyThenExtractAndDeleteCostsTheArchiveAgain() throws IOException {
        byte[] data = new byte[2 << 20];
        new Random(42).nextBytes(data); // incompressible: the archive is about as large as what it holds
        Path tarball = engine.context.resolve("app.tar.gz");
        Tarballs.gzip(tarball, Map.of("app/lib/app.jar", data, "app/README", "demo\n".getBytes()));
        long archive = Files.size(tarball);

        engine.build("""
                FROM test/busybox:1
                ADD app.tar.gz /opt/
                """, "lesson/add:1");
        engine.build("""
                FROM test/busybox:1
                COPY app.tar.gz /tmp/
                RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
                """, "lesson/copy:1");

        long add = engine.images.resolve("lesson/add:1").size();
        long copy = engine.images.resolve("lesson/copy:1").size();
        assertThat((double) (copy - add)).isCloseTo(archive, within(archive * 0.05));
        assertThat(engine.file("lesson/add:1", "opt/app/README").content()).isEqualTo("demo\n");
        assertThat(engine.file("lesson/copy:1", "opt/app/README").content()).isEqualTo("demo\n");

        ImageAnalysis good = ImageAnalyzer.analyze(engine.images, "lesson/add:1");
        assertThat(good.wastedBytes()).isLessThan(archive / 100);

        ImageAnalysis bad = ImageAnalyzer.analyze(engine.images, "lesson/copy:1");
        assertThat(bad.wastedBytes()).isGreaterThanOrEqualTo(archive);
        assertThat(bad.cause()).startsWith("tmp/app.tar.gz (").contains("added in layer 2 and deleted in layer 3")
                .endsWith("unpack it in the same step, or ADD the archive");
        assertThat(bad.layers()).extracting(LayerReport::createdBy).satisfies(steps -> {
            assertThat(steps.get(1)).contains("COPY").contains("/tmp/");
            assertThat(steps.get(2)).isEqualTo("/bin/sh -c tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz");
        });
        assertThat(bad.render(5)).contains("tmp/app.tar.gz");
    }
}
