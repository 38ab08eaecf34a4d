import dev.legends.core.Json;
import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import dev.legends.image.registry.ProgressListener;
import dev.legends.image.registry.RegistryClient;
import dev.legends.image.registry.RegistryOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pushes or pulls an image RUNS times in one JVM, as the daemon would, and prints each one's wall
 * time in ms. Jackson is initialised first (the daemon has it before its first pull).
 *   push ROOTFS_TAR REF RUNS RESET_SCRIPT SCRATCH: imports the tar once (not timed), then before
 *     each push runs RESET_SCRIPT (an empty registry, not timed), so every push uploads everything;
 *   pull REF RUNS SCRATCH: each pull goes into a fresh store, so every pull downloads everything.
 * Run by registry.sh, which compiles it first.
 */
public class RegistryBench {
    public static void main(String[] args) throws Exception {
        Json.read(Json.bytes(Map.of("daemon", "started")), Map.class);
        if (args[0].equals("push")) {
            push(Path.of(args[1]), args[2], Integer.parseInt(args[3]), args[4], Path.of(args[5]));
        } else {
            pull(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        }
    }

    static void push(Path rootfs, String ref, int runs, String reset, Path scratch) throws Exception {
        Path root = scratch.resolve("legends-push");
        ImageStore store = ImageStore.open(root);
        try (InputStream in = Files.newInputStream(rootfs)) {
            ImageArchives.importRootfs(store, in, ref, List.of());
        }
        try (RegistryClient client = RegistryClient.open(store, RegistryOptions.defaults(root))) {
            for (int i = 0; i < runs; i++) {
                Process p = new ProcessBuilder("bash", reset).inheritIO().redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("reset failed");
                }
                long start = System.nanoTime();
                long bytes = client.push(ref, ProgressListener.NONE).uploaded();
                System.out.println((System.nanoTime() - start) / 1_000_000);
                System.err.println("registry: legends pushed " + bytes / (1 << 20) + " MB");
            }
        }
        delete(root);
    }

    static void pull(String ref, int runs, Path scratch) throws Exception {
        for (int i = 0; i < runs; i++) {
            Path root = scratch.resolve("legends-pull-" + i);
            long start = System.nanoTime();
            ImageStore store = ImageStore.open(root);
            try (RegistryClient client = RegistryClient.open(store, RegistryOptions.defaults(root))) {
                long bytes = client.pull(ref, null, ProgressListener.NONE).downloaded();
                System.out.println((System.nanoTime() - start) / 1_000_000);
                System.err.println("registry: legends pulled " + bytes / (1 << 20) + " MB");
            }
            delete(root);
        }
    }

    static void delete(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
