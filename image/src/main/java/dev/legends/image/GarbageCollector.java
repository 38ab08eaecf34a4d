package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mark and sweep over the content store: everything reachable from index.json (indexes, manifests,
 * their configs and layers) stays, the rest is deleted. Runs under the layout lock, so no commit or
 * tag happens between mark and sweep. If a reachable manifest cannot be read, nothing is deleted:
 * the blobs it names are unknown, and guessing would lose data.
 */
final class GarbageCollector {
    private final FileContentStore content;
    private final Set<Digest> live = new HashSet<>();

    GarbageCollector(FileContentStore content) {
        this.content = content;
    }

    PruneResult collect(ImageIndex index) {
        for (Descriptor entry : index.manifests()) {
            mark(entry, 0);
        }
        List<Digest> removed = new ArrayList<>();
        long freed = 0;
        for (Digest blob : content.list()) {
            if (!live.contains(blob)) {
                freed += content.delete(blob);
                removed.add(blob);
            }
        }
        return new PruneResult(removed, freed);
    }

    private void mark(Descriptor d, int depth) {
        if (!live.add(d.digest()) || !content.contains(d.digest())) {
            return;
        }
        String type = d.mediaType();
        boolean document = type == null || MediaTypes.isIndex(type) || MediaTypes.isManifest(type);
        if (!document || depth > 4) {
            return;
        }
        try {
            byte[] blob = content.read(d.digest(), ImageReader.MAX_MANIFEST);
            if (ImageReader.isIndex(type, blob)) {
                for (Descriptor m : Json.read(blob, ImageIndex.class).manifests()) {
                    mark(m, depth + 1);
                }
            } else {
                Manifest m = Json.read(blob, Manifest.class);
                if (m.config() != null) {
                    live.add(m.config().digest());
                }
                m.layers().forEach(l -> live.add(l.digest()));
            }
        } catch (LegendsException e) {
            throw new LegendsException(ErrorKind.INTERNAL,
                    "prune: manifest " + d.digest() + " is unreadable, nothing removed: " + e.getMessage(), e);
        }
    }
}
