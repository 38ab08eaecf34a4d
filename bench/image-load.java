import dev.legends.core.Json;
import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a docker-archive into a fresh Legends store RUNS times in one JVM and prints each load's
 * wall time in ms. Loads run where the daemon runs them, in a JVM that already serves JSON, so
 * Jackson is initialised first (about 0.4 s, paid once at daemon start, printed on stderr). The
 * first load is then the daemon's first (image classes loading, JIT warming up), the rest are
 * steady state. Each time covers opening the store and committing and tagging everything.
 * Run by image-load.sh, which compiles it first. Usage: java -cp CLASSPATH:CLASSES ImageLoadBench ARCHIVE SCRATCH_DIR RUNS
 */
public class ImageLoadBench {
    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        long init = System.nanoTime();
        Json.read(Json.bytes(Map.of("daemon", "started")), Map.class);
        System.err.println("image-load: jackson init " + (System.nanoTime() - init) / 1_000_000 + " ms");
        for (int i = 0; i < runs; i++) {
            Path root = scratch.resolve("legends-root-" + i);
            long start = System.nanoTime();
            ImageArchives.load(ImageStore.open(root), archive);
            System.out.println((System.nanoTime() - start) / 1_000_000);
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
