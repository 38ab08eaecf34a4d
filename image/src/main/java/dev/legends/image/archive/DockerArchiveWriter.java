package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.Compression;
import dev.legends.image.ContentStore;
import dev.legends.image.Image;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.MediaTypes.LayerCompression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a docker-archive: {@code <config hex>.json}, one plain tar per layer named by its diff id,
 * and manifest.json last (as docker does). Compressed layers are decompressed into the ingest
 * directory first, because a tar header needs the size before the content.
 */
final class DockerArchiveWriter {
    private final ContentStore content;

    DockerArchiveWriter(ContentStore content) {
        this.content = content;
    }

    void write(List<SaveItem> items, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        List<DockerManifestEntry> manifest = new ArrayList<>();
        for (SaveItem item : items) {
            Image image = item.image();
            String configName = image.id().hex() + ".json";
            if (!tar.has(configName)) {
                copy(tar, configName, image.manifest().config().digest());
            }
            List<Digest> diffIds = image.diffIds();
            List<Descriptor> layers = image.manifest().layers();
            if (diffIds.size() != layers.size()) {
                throw LegendsException.invalid("image " + image.id().shortHex() + ": config lists "
                        + diffIds.size() + " diff_ids for " + layers.size() + " layers");
            }
            List<String> layerNames = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                String name = diffIds.get(i).hex() + ".tar";
                if (!tar.has(name)) {
                    layer(tar, name, layers.get(i), diffIds.get(i));
                }
                layerNames.add(name);
            }
            List<String> tags = item.names().stream().map(Reference::familiar).toList();
            manifest.add(new DockerManifestEntry(configName, tags, layerNames));
        }
        tar.file(DockerManifestEntry.FILE, Json.bytes(manifest));
        tar.finish();
    }

    private void layer(TarWriter tar, String name, Descriptor layer, Digest diffId) throws IOException {
        LayerCompression compression = MediaTypes.layerCompression(layer.mediaType());
        if (compression == LayerCompression.NONE && layer.digest().equals(diffId)) {
            copy(tar, name, layer.digest());
            return;
        }
        try (InputStream in = Compression.decompress(new BufferedInputStream(content.open(layer.digest()), 1 << 16), compression);
                StagedBlob plain = content.stage(in, diffId, -1);
                InputStream p = plain.open()) {
            tar.file(name, plain.size(), p);
        }
    }

    private void copy(TarWriter tar, String name, Digest digest) throws IOException {
        try (InputStream in = content.open(digest)) {
            tar.file(name, content.size(digest), in);
        }
    }
}
