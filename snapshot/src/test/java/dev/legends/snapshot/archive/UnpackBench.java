package dev.legends.snapshot.archive;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link LayerApplier} against GNU tar on one layer file, for bench/layer-unpack.sh. Runs
 * alternate (tar, then us, into fresh directories) so that both see the same state of the page
 * cache and of the disk; the first pair is a warm-up (the JIT, as in a daemon that has unpacked
 * a layer before). Not a test: it runs only when that script calls it.
 * Usage: UnpackBench LAYER WORKDIR RUNS
 */
public final class UnpackBench {
    private UnpackBench() {}

    public static void main(String[] args) throws Exception {
        Path layer = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        List<Long> tar = new ArrayList<>();
        List<Long> ours = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Path tarDest = Files.createDirectory(work.resolve("tar-" + i));
            run("sync");
            long start = System.nanoTime();
            run("tar", "-xf", layer.toString(), "-C", tarDest.toString());
            long tarMs = (System.nanoTime() - start) / 1_000_000;
            run("rm", "-rf", tarDest.toString());

            Path dest = work.resolve("legends-" + i);
            run("sync");
            start = System.nanoTime();
            Applied applied;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(layer), 1 << 16)) {
                applied = LayerApplier.apply(in, dest, ApplyOptions.overlay().withDevices());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            run("rm", "-rf", dest.toString());
            if (i > 0) {
                tar.add(tarMs);
                ours.add(ms);
            }
            System.out.printf("%s tar %d ms, legends %d ms (%d entries, %d bytes)%n", i == 0 ? "warm-up" : "run",
                    tarMs, ms, applied.entries(), applied.size());
        }
        long t = median(tar);
        long o = median(ours);
        System.out.printf("%s: median GNU tar %d ms, legends %d ms, ratio %.2f%n", layer.getFileName(), t, o,
                (double) o / t);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void run(String... command) throws Exception {
        int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + rc);
        }
    }
}
