package dev.legends.build;

import java.util.List;

/** Port: where a finished image goes (the image store in the engine). */
public interface ImageSink {

    /**
     * Stores {@code image} and gives it every name in {@code tags} (none: kept untagged). Every
     * layer is either a base image's or was committed through {@link WritableRootfs#commit()}.
     */
    void store(BuiltImage image, List<String> tags);
}
