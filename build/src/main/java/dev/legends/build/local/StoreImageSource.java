package dev.legends.build.local;

import dev.legends.build.BaseImage;
import dev.legends.build.ImageSource;
import dev.legends.build.LayerChain;
import dev.legends.image.Image;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.image.Reference;
import dev.legends.pod.Unpacker;

/**
 * Base images from the local image store (no pulls: the registry client is not wired in here),
 * unpacked into committed snapshots so that a step's rootfs can be prepared on top of them.
 */
final class StoreImageSource implements ImageSource {
    /** Configs are small; a larger one is not an image this builder should trust. */
    private static final int MAX_CONFIG = 16 << 20;

    private final ImageStore images;
    private final Unpacker unpacker;
    private final LayerBlobs blobs;
    private final BasePuller puller;

    StoreImageSource(ImageStore images, Unpacker unpacker, LayerBlobs blobs, BasePuller puller) {
        this.images = images;
        this.unpacker = unpacker;
        this.blobs = blobs;
        this.puller = puller;
    }

    @Override
    public BaseImage resolve(String reference) {
        Image image;
        try {
            image = images.resolve(reference);
        } catch (LegendsException e) {
            // as docker does: FROM an image this host lacks pulls it, then builds on it
            if (e.kind() != ErrorKind.NOT_FOUND || !Reference.isValid(reference)) {
                throw e;
            }
            puller.pull(reference);
            image = images.resolve(reference);
        }
        // the config exactly as stored: the builder keeps the fields it does not know
        byte[] config = images.content().read(image.manifest().config().digest(), MAX_CONFIG);
        unpacker.unpack(image, line -> { });
        blobs.learn(image.manifest().layers(), image.diffIds());
        return new BaseImage(reference, image.id(), config, new LayerChain(image.diffIds()));
    }
}
