package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.image.oci.ContainerConfig;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.History;
import dev.legends.image.oci.ImageConfig;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.MediaTypes.LayerCompression;
import dev.legends.image.oci.RootFs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Puts images made of given layer tars straight into a store, for tests. */
public final class TestImages {
    private TestImages() {}

    /** An image of plain layers, each with a history step "step N". Returns its id. */
    public static Digest add(ImageStore store, String name, List<byte[]> layers) {
        List<History> history = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            history.add(new History("2024-01-0" + (i + 1) + "T00:00:00Z", "step " + (i + 1), null, null, null));
        }
        return add(store, name, layers, history, "2024-01-01T00:00:00Z");
    }

    public static Digest add(ImageStore store, String name, List<byte[]> layers, List<History> history, String created) {
        return add(store, name, layers, history, created, LayerCompression.NONE);
    }

    /** As {@link #add(ImageStore, String, List, List, String)}, with layer blobs compressed. */
    public static Digest add(ImageStore store, String name, List<byte[]> layers, List<History> history, String created,
            LayerCompression compression) {
        ContentStore content = store.content();
        List<StagedBlob> blobs = new ArrayList<>();
        List<Descriptor> layerDescriptors = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] layer : layers) {
            StagedBlob b = content.stage(compress(layer, compression));
            blobs.add(b);
            layerDescriptors.add(Descriptor.of(MediaTypes.ociLayer(compression), b.digest(), b.size()));
            diffIds.add(Digest.of(layer));
        }
        ImageConfig config = new ImageConfig(created, null, "amd64", "linux", null, null,
                new ContainerConfig(null, null, List.of("PATH=/bin"), null, List.of("/bin/sh"), null, null, null, null, null, null, null, null),
                RootFs.layers(diffIds), history);
        StagedBlob c = content.stage(Json.bytes(config));
        blobs.add(c);
        StagedBlob m = content.stage(Json.bytes(Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, c.digest(), c.size()), layerDescriptors)));
        blobs.add(m);
        List<Reference> names = name == null ? List.of() : List.of(Reference.parse(name));
        store.add(blobs, List.of(new NewImage(Descriptor.of(MediaTypes.OCI_MANIFEST, m.digest(), m.size()), names)));
        return c.digest();
    }

    public static byte[] compress(byte[] content, LayerCompression compression) {
        if (compression == LayerCompression.NONE) {
            return content;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = compression == LayerCompression.GZIP ? new GZIPOutputStream(out) : new ZstdCompressorOutputStream(out)) {
            c.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Files left in the ingest directory (a finished operation leaves none). */
    public static List<Path> ingestFiles(Path root) {
        return list(root.resolve("content/ingest"));
    }

    public static List<Path> blobFiles(Path root) {
        return list(root.resolve("content/blobs/sha256"));
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
