package dev.legends.pod;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.Image;
import dev.legends.image.oci.Descriptor;
import dev.legends.snapshot.ChainIds;
import dev.legends.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns an image's layer blobs into committed snapshots, bottom up, each once: the bridge between
 * the content store and the union filesystem that containers, builds and `image ls-files` share.
 */
public final class Unpacker {
    private final ContentStore content;
    private final Snapshotter snapshots;

    public Unpacker(ContentStore content, Snapshotter snapshots) {
        this.content = content;
        this.snapshots = snapshots;
    }

    public Snapshotter snapshots() {
        return snapshots;
    }

    /** Unpacks what is missing and returns the chain id of the top layer (null for an image without layers). */
    public Digest unpack(Image image, Consumer<String> progress) {
        List<Descriptor> layers = image.manifest().layers();
        List<Digest> diffIds = image.diffIds();
        if (layers.size() != diffIds.size()) {
            throw LegendsException.invalid("image " + image.id().shortHex() + ": " + layers.size() + " layers but "
                    + diffIds.size() + " diff ids in its config");
        }
        Digest parent = null;
        for (int i = 0; i < layers.size(); i++) {
            Digest chain = ChainIds.next(parent, diffIds.get(i));
            if (snapshots.stat(chain.toString()).isEmpty()) {
                progress.accept("unpacking layer " + (i + 1) + "/" + layers.size() + " " + layers.get(i).digest().shortHex());
                try (InputStream blob = content.open(layers.get(i).digest())) {
                    snapshots.applyLayer(parent, blob, diffIds.get(i));
                } catch (IOException e) {
                    throw LegendsException.internal("unpack layer " + layers.get(i).digest() + ": " + e.getMessage(), e);
                }
            }
            parent = chain;
        }
        return parent;
    }
}
