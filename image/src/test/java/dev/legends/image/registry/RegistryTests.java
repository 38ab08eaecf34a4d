package dev.legends.image.registry;

import dev.legends.core.Digest;
import dev.legends.image.ImageStore;
import dev.legends.image.TestImages;
import dev.legends.image.TestTars;
import dev.legends.image.archive.ImageArchives;
import dev.legends.image.archive.LoadedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Images, clients and progress recorders shared by the registry tests. */
final class RegistryTests {
    private RegistryTests() {}

    /** Fast retries, so that the failure cases give up within a second. */
    static RegistryOptions options(Path root) {
        return RegistryOptions.defaults(root).withRetries(3, Duration.ofMillis(50), Duration.ofSeconds(10));
    }

    /** A one-layer image made the way {@code legends import} makes one, with {@code randomBytes} of noise in it. */
    static Digest importImage(ImageStore store, String name, int randomBytes, long seed) {
        byte[] noise = new byte[randomBytes];
        new Random(seed).nextBytes(noise);
        byte[] tar = TestTars.tar().dir("etc").file("etc/hostname", "legends-" + seed + "\n")
                .dir("data").file("data/noise", noise).file("data/readme.txt", "seed " + seed).bytes();
        LoadedImage loaded = ImageArchives.importRootfs(store, new ByteArrayInputStream(tar), name, List.of("CMD [\"/bin/sh\"]"));
        return loaded.id();
    }

    static List<java.nio.file.Path> ingestFiles(Path root) {
        return TestImages.ingestFiles(root);
    }

    /** Remembers every progress event, and each blob's states in order. */
    static final class Recorder implements ProgressListener {
        final List<BlobProgress> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void update(BlobProgress progress) {
            events.add(progress);
        }

        /** The last state of each blob. */
        Map<Digest, BlobProgress.State> finalStates() {
            Map<Digest, BlobProgress.State> last = new TreeMap<>();
            synchronized (events) {
                events.forEach(e -> last.put(e.digest(), e.state()));
            }
            return last;
        }

        List<BlobProgress.State> states(Digest blob) {
            synchronized (events) {
                return events.stream().filter(e -> e.digest().equals(blob)).map(BlobProgress::state).distinct().toList();
            }
        }
    }
}
