package dev.legends.server.images;

import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import dev.legends.image.archive.LoadedImage;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.Trees;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * `legends image bootstrap`: the base images Legends makes on a host without a registry,
 * legends/busybox and legends/jre:25. Layers get a fixed mtime, so bootstrapping twice on one
 * host writes the same layer blobs (the configs differ by their creation time).
 */
public final class BaseImages {
    public static final String BUSYBOX = "legends/busybox:latest";
    public static final String JRE = "legends/jre:25";
    private static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    private final ImageStore images;
    private final Path scratch;
    private final Path jdk;

    public BaseImages(ImageStore images, Path scratch, Path jdk) {
        this.images = images;
        this.scratch = scratch;
        this.jdk = jdk;
    }

    public List<LoadedImage> bootstrap(Consumer<String> progress) throws IOException {
        List<LoadedImage> made = new ArrayList<>();
        made.add(make(BUSYBOX, List.of("ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", "CMD [\"sh\"]"), progress,
                BaseRootfs::busybox));
        String javaHome = "/" + BaseRootfs.JAVA_HOME;
        made.add(make(JRE, List.of("ENV JAVA_HOME=" + javaHome, "ENV PATH=" + javaHome + "/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "CMD [\"java\", \"-version\"]"), progress, root -> BaseRootfs.jre(root, jdk, progress)));
        return made;
    }

    private interface RootfsMaker {
        void make(Path root) throws IOException;
    }

    private LoadedImage make(String name, List<String> changes, Consumer<String> progress, RootfsMaker maker) throws IOException {
        Files.createDirectories(scratch);
        Path work = Files.createTempDirectory(scratch, "bootstrap");
        try {
            Path root = Files.createDirectory(work.resolve("rootfs"));
            progress.accept(name + ": making the root filesystem");
            maker.make(root);
            Path tar = work.resolve("layer.tar");
            progress.accept(name + ": writing the layer");
            try (OutputStream out = Files.newOutputStream(tar)) {
                LayerWriter.write(root, out, WriteOptions.plain().withMtime(EPOCH));
            }
            try (InputStream in = Files.newInputStream(tar)) {
                LoadedImage img = ImageArchives.importRootfs(images, in, name, changes);
                progress.accept(name + ": " + img.id());
                return img;
            }
        } catch (LegendsException e) {
            throw e.wrap("bootstrap " + name);
        } finally {
            Trees.delete(work);
        }
    }
}
