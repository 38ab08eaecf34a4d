package dev.legends.build.local;

import dev.legends.build.BuiltImage;
import dev.legends.build.ImageSink;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.ImageStore;
import dev.legends.image.NewImage;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import java.util.List;

/**
 * Stores a built image as an OCI manifest over its config and layer blobs, and names it, in one
 * {@link ImageStore#add}: the image becomes visible with all its names at once, or not at all.
 */
final class StoreImageSink implements ImageSink {
    private final ImageStore images;
    private final LayerBlobs blobs;

    StoreImageSink(ImageStore images, LayerBlobs blobs) {
        this.images = images;
        this.blobs = blobs;
    }

    @Override
    public void store(BuiltImage image, List<String> tags) {
        List<Descriptor> layers = image.layers().diffIds().stream().map(blobs::descriptor).toList();
        List<Reference> names = tags.stream().map(Reference::parse).toList();
        ContentStore content = images.content();
        try (StagedBlob config = content.stage(image.config())) {
            Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), config.size()), layers);
            try (StagedBlob m = content.stage(Json.bytes(manifest))) {
                images.add(List.of(config, m), List.of(new NewImage(
                        Descriptor.of(MediaTypes.OCI_MANIFEST, m.digest(), m.size()), names)));
            }
        }
    }

    /** Checks names before the build starts, so that a bad tag fails in a moment, not after every step. */
    static void checkTags(List<String> tags) {
        for (String tag : tags) {
            if (Reference.parse(tag).digest() != null) {
                throw LegendsException.invalid("invalid tag " + tag + ": a tag cannot contain a digest");
            }
        }
    }
}
