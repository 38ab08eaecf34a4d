package dev.legends.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Start latency of the runtime against raw {@code runc run} (issue 4): the runtime's create, start
 * and wait of {@code true}, next to {@code runc --root R run -b BUNDLE ID} of a bundle prepared
 * beforehand from the same config.json. The two alternate, so that both see the same load.
 * Run as root: {@code java -cp ... dev.legends.runtime.StartBench [RUNS]}. The last line is
 * "median ours O ms, runc run R ms, ratio X"; the lines before it give ours by phase.
 */
public final class StartBench {
    private static final int WARMUP = 5;

    private StartBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path tmp = Files.createTempDirectory(Path.of("/var/tmp"), "start-bench.");
        Path rootfs = TestRootfs.create(tmp);
        Path runcRoot = tmp.resolve("raw-runc");
        Path bundle = tmp.resolve("raw-bundle");
        ContainerRuntime runtime = ContainerRuntime.open(tmp.resolve("state"));
        try {
            prepareBundle(runtime, rootfs, tmp.resolve("state"), bundle);
            long[] create = new long[runs];
            long[] start = new long[runs];
            long[] wait = new long[runs];
            long[] ours = new long[runs];
            long[] raw = new long[runs];
            for (int i = -WARMUP; i < runs; i++) {
                String id = "bench-" + (i + WARMUP);
                long t0 = System.nanoTime();
                runtime.create(ContainerSpec.builder(id, rootfs).args("true").build());
                long t1 = System.nanoTime();
                runtime.start(id);
                long t2 = System.nanoTime();
                int code = runtime.wait(id, Duration.ofSeconds(10)).orElseThrow().exitCode();
                long t3 = System.nanoTime();
                runtime.delete(id, true);
                long r = runcRun(runcRoot, bundle, "raw-" + (i + WARMUP));
                if (code != 0) {
                    throw new IllegalStateException(id + " exited with " + code);
                }
                if (i >= 0) {
                    create[i] = t1 - t0;
                    start[i] = t2 - t1;
                    wait[i] = t3 - t2;
                    ours[i] = t3 - t0;
                    raw[i] = r;
                }
            }
            System.out.printf(Locale.ROOT, "phases of ours (median): create %.1f ms, start %.1f ms, wait %.1f ms%n",
                    ms(median(create)), ms(median(start)), ms(median(wait)));
            System.out.printf(Locale.ROOT, "ours min %.1f max %.1f ms; runc run min %.1f max %.1f ms%n",
                    ms(Arrays.stream(ours).min().orElse(0)), ms(Arrays.stream(ours).max().orElse(0)),
                    ms(Arrays.stream(raw).min().orElse(0)), ms(Arrays.stream(raw).max().orElse(0)));
            double o = ms(median(ours));
            double w = ms(median(raw));
            System.out.printf(Locale.ROOT, "median ours %.1f ms, runc run %.1f ms, ratio %.2f%n", o, w, o / w);
        } finally {
            runtime.close();
            StateDir.deleteTree(tmp);
        }
    }

    /** A bundle of its own for raw runc: the config.json the runtime writes for {@code true}. */
    private static void prepareBundle(ContainerRuntime runtime, Path rootfs, Path stateDir, Path bundle) throws IOException {
        runtime.create(ContainerSpec.builder("bench-template", rootfs).args("true").build());
        byte[] config = Files.readAllBytes(stateDir.resolve("containers/bench-template/bundle/config.json"));
        runtime.delete("bench-template", true);
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(config);
        ((ObjectNode) tree.path("linux")).put("cgroupsPath", "/legends/start-bench-raw");
        Files.createDirectories(bundle);
        Files.write(bundle.resolve("config.json"), Json.mapper().writeValueAsBytes(tree));
    }

    /** Wall time of one foreground {@code runc run}, which also deletes the container when it exits. */
    private static long runcRun(Path root, Path bundle, String id) throws IOException, InterruptedException {
        List<String> argv = List.of("/usr/sbin/runc", "--root", root.toString(), "run", "-b", bundle.toString(), id);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        long took = System.nanoTime() - t0;
        if (code != 0) {
            throw new IllegalStateException("runc run exited with " + code);
        }
        return took;
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
