package dev.legends.workload;

import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A busybox image made in the test from the host's static busybox, a link per applet (as pod's tests make it). */
final class TestImage {
    private TestImage() {}

    static void busybox(ImageStore images, Path work, String... names) throws IOException {
        Path root = Files.createDirectories(work.resolve("image-rootfs"));
        for (String d : List.of("bin", "etc", "tmp", "proc", "sys", "dev", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : applets()) {
            Path link = root.resolve("bin").resolve(applet);
            if (!applet.equals("busybox") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Path tar = work.resolve("image.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(root, out, WriteOptions.plain());
        }
        for (String name : names) {
            try (InputStream in = Files.newInputStream(tar)) {
                ImageArchives.importRootfs(images, in, name, List.of("ENV PATH=/bin", "CMD [\"sh\"]"));
            }
        }
    }

    private static List<String> applets() throws IOException {
        Process p = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.lines().map(String::strip).filter(s -> !s.isEmpty() && !s.contains("/")).toList();
    }
}
