package dev.legends.pod;

import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A busybox image made in the test: the host's static busybox, a link per applet, a few users. */
final class TestImages {
    private TestImages() {}

    static void busybox(ImageStore images, Path work, String name, String... changes) throws IOException {
        Path root = Files.createDirectories(work.resolve("image-rootfs"));
        for (String d : List.of("bin", "etc", "tmp", "proc", "sys", "dev", "root", "home/app")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : applets()) {
            Path link = root.resolve("bin").resolve(applet);
            if (!applet.equals("busybox") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:app:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                staff:x:50:app
                app:x:1000:
                nogroup:x:65534:
                """);
        Files.writeString(root.resolve("etc/motd"), "from the image\n");
        // names come from /etc/hosts only: a lookup never leaves the test's namespaces for a DNS server
        Files.writeString(root.resolve("etc/nsswitch.conf"), "hosts: files\n");
        Path tar = work.resolve("image.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            LayerWriter.write(root, out, WriteOptions.plain());
        }
        List<String> all = new java.util.ArrayList<>(List.of("ENV PATH=/bin", "CMD [\"sh\"]"));
        all.addAll(List.of(changes));
        try (InputStream in = Files.newInputStream(tar)) {
            ImageArchives.importRootfs(images, in, name, all);
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
