package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.image.NewImage;
import dev.legends.image.StagedBlob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an interpreted archive adds to the store: the blobs to commit and the images to name. */
final class LoadPlan {
    private final Map<Digest, StagedBlob> blobs = new LinkedHashMap<>();
    private final List<NewImage> images = new ArrayList<>();
    private final List<LoadedImage> loaded = new ArrayList<>();

    void keep(StagedBlob blob) {
        blobs.putIfAbsent(blob.digest(), blob);
    }

    void add(NewImage image, LoadedImage result) {
        images.add(image);
        loaded.add(result);
    }

    List<StagedBlob> blobs() {
        return List.copyOf(blobs.values());
    }

    List<NewImage> images() {
        return images;
    }

    List<LoadedImage> loaded() {
        return loaded;
    }
}
