package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.image.ContentStore;
import dev.legends.image.Image;
import dev.legends.image.Reference;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an oci-archive: the stored blobs byte for byte (so every digest holds), and an index.json
 * naming each image twice over: the full name in containerd's annotation (which podman and docker
 * read first) and in ref.name (which podman itself writes).
 */
final class OciArchiveWriter {
    private final ContentStore content;

    OciArchiveWriter(ContentStore content) {
        this.content = content;
    }

    void write(List<SaveItem> items, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        tar.file(OciLayout.FILE, Json.bytes(OciLayout.CURRENT));
        tar.directory("blobs");
        tar.directory("blobs/sha256");
        List<Descriptor> entries = new ArrayList<>();
        for (SaveItem item : items) {
            Image image = item.image();
            blob(tar, image.manifestDigest());
            blob(tar, image.manifest().config().digest());
            for (Descriptor layer : image.manifest().layers()) {
                blob(tar, layer.digest());
            }
            String type = image.manifestDescriptor().mediaType() != null ? image.manifestDescriptor().mediaType()
                    : image.manifest().mediaType() != null ? image.manifest().mediaType() : MediaTypes.OCI_MANIFEST;
            Descriptor manifest = Descriptor.of(type, image.manifestDigest(), image.manifestDescriptor().size());
            if (item.names().isEmpty()) {
                entries.add(manifest);
            }
            for (Reference name : item.names()) {
                entries.add(manifest.withAnnotations(Map.of(
                        Descriptor.CONTAINERD_NAME, name.toString(),
                        Descriptor.REF_NAME, name.toString())));
            }
        }
        tar.file(OciArchiveLoader.INDEX, Json.bytes(ImageIndex.of(entries)));
        tar.finish();
    }

    private void blob(TarWriter tar, Digest digest) throws IOException {
        String name = ArchivePaths.blobName(digest);
        if (tar.has(name)) {
            return;
        }
        try (InputStream in = content.open(digest)) {
            tar.file(name, content.size(digest), in);
        }
    }
}
