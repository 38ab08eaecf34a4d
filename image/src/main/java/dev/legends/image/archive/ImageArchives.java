package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.Reference;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code legends image load / save / import}. Loading is all or nothing: the archive is read once
 * into staged blobs, interpreted, checked, and only then are blobs committed and names written; on
 * any failure the staged files are deleted and no name changes.
 */
public final class ImageArchives {
    private ImageArchives() {}

    /** Loads a docker-archive or an oci-archive (plain, gzip or zstd), telling them apart by content. */
    public static List<LoadedImage> load(ImageStore store, Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return load(store, in, archive.getFileName().toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw LegendsException.notFound("load " + archive + ": no such file");
        } catch (IOException e) {
            throw LegendsException.invalid("load " + archive + ": " + e.getMessage());
        }
    }

    /** As {@link #load(ImageStore, Path)}; {@code source} names the input in error messages. */
    public static List<LoadedImage> load(ImageStore store, InputStream in, String source) {
        try (ScannedArchive archive = ScannedArchive.scan(in, store.content())) {
            LoadPlan plan;
            if (archive.has(DockerManifestEntry.FILE)) {
                plan = DockerArchiveLoader.plan(archive, store.content());
            } else if (archive.has(OciArchiveLoader.INDEX)) {
                plan = OciArchiveLoader.plan(archive);
            } else {
                throw LegendsException.invalid("not an image archive: it has neither manifest.json (docker-archive) nor index.json (oci-archive)");
            }
            store.add(plan.blobs(), plan.images());
            return plan.loaded();
        } catch (LegendsException e) {
            throw e.wrap("load " + source);
        }
    }

    /**
     * Writes the images {@code names} resolve to. An image asked for by name is saved under that
     * name; one asked for by id has no name in the archive, as with docker.
     */
    public static void save(ImageStore store, List<String> names, OutputStream out, ArchiveFormat format) {
        String what = "save " + String.join(" ", names);
        try {
            List<SaveItem> items = items(store, names);
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            switch (format) {
                case DOCKER_ARCHIVE -> new DockerArchiveWriter(store.content()).write(items, buffered);
                case OCI_ARCHIVE -> new OciArchiveWriter(store.content()).write(items, buffered);
            }
            buffered.flush();
        } catch (LegendsException e) {
            throw e.wrap(what);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.UNAVAILABLE, what + ": write failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, what + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Saves to a file, which is removed again if the save fails. */
    public static void save(ImageStore store, List<String> names, Path file, ArchiveFormat format) {
        try (OutputStream out = Files.newOutputStream(file)) {
            save(store, names, out, format);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new LegendsException(ErrorKind.UNAVAILABLE, "save " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code docker import}: makes a one-layer image of a root filesystem tar (plain, gzip or zstd).
     *
     * @param reference the name to give it, or null for an untagged image
     * @param changes Dockerfile instructions for the config, such as {@code CMD ["/bin/sh"]}
     */
    public static LoadedImage importRootfs(ImageStore store, InputStream rootfs, String reference, List<String> changes) {
        String what = "import" + (reference == null ? "" : " " + reference);
        try {
            Reference name = reference == null ? null : Reference.parse(reference);
            return new RootfsImporter(store, Clock.systemUTC()).importRootfs(rootfs, name, changes);
        } catch (LegendsException e) {
            throw e.wrap(what);
        }
    }

    private static List<SaveItem> items(ImageStore store, List<String> names) {
        if (names.isEmpty()) {
            throw LegendsException.invalid("no image given");
        }
        Map<Digest, Image> images = new LinkedHashMap<>();
        Map<Digest, List<Reference>> tags = new LinkedHashMap<>();
        for (String n : names) {
            Image image = store.resolve(n);
            images.putIfAbsent(image.id(), image);
            List<Reference> t = tags.computeIfAbsent(image.id(), k -> new ArrayList<>());
            Reference ref = Reference.isValid(n) ? Reference.parse(n) : null;
            if (ref != null && ref.digest() == null && image.references().contains(ref) && !t.contains(ref)) {
                t.add(ref);
            }
        }
        List<SaveItem> items = new ArrayList<>();
        images.forEach((id, image) -> items.add(new SaveItem(image, tags.get(id))));
        return items;
    }
}
