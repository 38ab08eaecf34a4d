package dev.legends.image.archive;

import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.Compression;
import dev.legends.image.ContentStore;
import dev.legends.image.ImageStore;
import dev.legends.image.NewImage;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.ContainerConfig;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.History;
import dev.legends.image.oci.ImageConfig;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.Platform;
import dev.legends.image.oci.RootFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker import}: one root filesystem tar becomes a one-layer image. The tar is stored
 * uncompressed (decompressed on the way in if it came compressed), so its digest is the diff id.
 */
final class RootfsImporter {
    private final ImageStore store;
    private final Clock clock;

    RootfsImporter(ImageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    LoadedImage importRootfs(InputStream rootfs, Reference name, List<String> changes) {
        ContainerConfig run = ConfigChanges.apply(ContainerConfig.empty(), changes);
        ContentStore content = store.content();
        try (StagedBlob layer = stageTar(content, rootfs)) {
            String now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
            ImageConfig config = new ImageConfig(now, null, Platform.hostArchitecture(), "linux", null, null, run,
                    RootFs.layers(List.of(layer.digest())),
                    List.of(new History(now, "import", null, "imported from a root filesystem tar", null)));
            try (StagedBlob configBlob = content.stage(Json.bytes(config))) {
                Manifest manifest = Manifest.oci(
                        Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size()),
                        List.of(Descriptor.of(MediaTypes.OCI_LAYER, layer.digest(), layer.size())));
                try (StagedBlob manifestBlob = content.stage(Json.bytes(manifest))) {
                    List<Reference> names = name == null ? List.of() : List.of(name);
                    store.add(List.of(layer, configBlob, manifestBlob), List.of(new NewImage(
                            Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size()), names)));
                    return new LoadedImage(configBlob.digest(), names);
                }
            }
        }
    }

    private static StagedBlob stageTar(ContentStore content, InputStream rootfs) {
        StagedBlob layer;
        try {
            layer = content.stage(Compression.decompressing(rootfs), null, -1);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new LegendsException(ErrorKind.INVALID_ARGUMENT, "read failed: " + cause.getMessage(), e);
        }
        try (InputStream in = layer.open(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            if (layer.size() == 0) {
                throw LegendsException.invalid("empty input, not a tar archive");
            }
            tar.getNextEntry(); // a tar's first header parses; anything else fails here, not at unpack
            return layer;
        } catch (IOException | IllegalArgumentException | LegendsException e) {
            layer.close();
            throw e instanceof LegendsException le ? le : LegendsException.invalid("not a tar archive: " + e.getMessage());
        }
    }
}
