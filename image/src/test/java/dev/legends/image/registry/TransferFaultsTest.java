package dev.legends.image.registry;

import static dev.legends.image.registry.RegistryTests.importImage;
import static dev.legends.image.registry.RegistryTests.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.image.ImageSummary;
import dev.legends.image.TestImages;
import dev.legends.image.registry.BlobProgress.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls through a proxy that damages the registry's answers: a pull either completes with every
 * blob verified, or fails leaving the store as it was (no image, no new name, no ingest file).
 */
class TransferFaultsTest {
    private static final int LAYER_NOISE = 2_000_000;

    @TempDir
    static Path registryDir;
    static TestRegistry registry;
    static String repository = "faults/app:v1";
    static Digest id;
    static Digest layer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistryWithAnImage(@TempDir Path source) throws Exception {
        assumeTrue(Files.isExecutable(TestRegistry.BINARY), "docker-registry is not installed");
        registry = TestRegistry.start(registryDir, null, null);
        ImageStore store = ImageStore.open(source);
        String name = registry.host() + "/" + repository;
        id = importImage(store, name, LAYER_NOISE, 5);
        layer = store.resolve(name).manifest().layers().getFirst().digest();
        try (RegistryClient client = RegistryClient.open(store, options(source))) {
            client.push(name, ProgressListener.NONE);
        }
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aRegistryThatGoesAwayMidDownloadLeavesNoImageNoNameAndNoIngestFile() throws Exception {
        Path root = dir.resolve("store");
        ImageStore store = ImageStore.open(root);
        String before = registry.host() + "/other/image:kept";
        importImage(store, before, 1000, 6);
        List<ImageSummary> listed = store.list();
        List<Path> blobs = TestImages.blobFiles(root);

        try (FaultyProxy proxy = FaultyProxy.cutForGood(registry.port(), 700_000);
                RegistryClient client = RegistryClient.open(store, options(root))) {
            String name = proxy.host() + "/" + repository;
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.pull(name, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessageStartingWith("pull " + name + ": ")
                    .hasMessageContaining("gave up after 3 tries")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(System.nanoTime() - start).as("bounded retries").isLessThan(10_000_000_000L);
            assertThat(proxy.cuts()).isPositive();
        }
        assertThat(store.list()).isEqualTo(listed);
        assertThat(TestImages.blobFiles(root)).containsExactlyInAnyOrderElementsOf(blobs);
        assertThat(RegistryTests.ingestFiles(root)).isEmpty();
    }

    @Test
    void aDownloadCutShortResumesWhereItStopped() throws Exception {
        Path root = dir.resolve("store");
        ImageStore store = ImageStore.open(root);
        RegistryTests.Recorder progress = new RegistryTests.Recorder();
        try (FaultyProxy proxy = FaultyProxy.cutEachConnection(registry.port(), 600_000, 2);
                RegistryClient client = RegistryClient.open(store, options(root))) {
            String name = proxy.host() + "/" + repository;
            PullResult pulled = client.pull(name, null, progress);
            assertThat(pulled.id()).isEqualTo(id);
            assertThat(proxy.cuts()).isEqualTo(2);
            // Range requests: the bytes received before each cut were kept, not fetched again
            assertThat(pulled.downloaded()).isEqualTo(store.resolve(name).size());
        }
        assertThat(progress.states(layer)).contains(State.DOWNLOADING, State.RETRYING).endsWith(State.VERIFYING, State.DONE);
        assertThat(registry.requests("GET", "/v2/faults/app/blobs/" + layer)).isGreaterThanOrEqualTo(3);
        assertThat(RegistryTests.ingestFiles(root)).isEmpty();
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefused() throws Exception {
        Path root = dir.resolve("store");
        ImageStore store = ImageStore.open(root);
        try (FaultyProxy proxy = FaultyProxy.flipByte(registry.port(), 1_000_000);
                RegistryClient client = RegistryClient.open(store, options(root))) {
            String name = proxy.host() + "/" + repository;
            assertThatThrownBy(() -> client.pull(name, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                    .hasMessageStartingWith("pull " + name + ": blob " + layer + ": digest mismatch");
        }
        assertThat(store.list()).isEmpty();
        assertThat(TestImages.blobFiles(root)).isEmpty();
        assertThat(RegistryTests.ingestFiles(root)).isEmpty();
    }
}
