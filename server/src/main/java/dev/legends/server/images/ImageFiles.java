package dev.legends.server.images;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.pod.Unpacker;
import dev.legends.server.api.ImageRequests;
import dev.legends.snapshot.MergedEntry;
import dev.legends.snapshot.MergedView;
import java.util.ArrayList;
import java.util.List;

/**
 * `legends image ls-files IMAGE [PATH]`: the image's merged tree read in Java from its unpacked
 * layers, without mounting. Layer numbers are shown bottom first (1 = the base), as analyze does.
 */
public final class ImageFiles {
    private final ImageStore images;
    private final Unpacker unpacker;

    public ImageFiles(ImageStore images, Unpacker unpacker) {
        this.images = images;
        this.unpacker = unpacker;
    }

    public List<ImageRequests.FileRow> list(String name, String path) {
        Image image = images.resolve(name);
        Digest top = unpacker.unpack(image, p -> { });
        if (top == null) {
            return List.of();
        }
        int layers = image.diffIds().size();
        MergedView view = unpacker.snapshots().mergedView(top);
        String p = path == null || path.isBlank() ? "/" : path.startsWith("/") ? path : "/" + path;
        MergedEntry self = view.stat(p).orElseThrow(() -> LegendsException.notFound(name + ": no such file or directory: " + p));
        List<ImageRequests.FileRow> rows = new ArrayList<>();
        if (self.type() == dev.legends.snapshot.FileType.DIRECTORY) {
            view.list(p).forEach(e -> rows.add(row(e, layers)));
        } else {
            rows.add(row(self, layers));
        }
        return rows;
    }

    private static ImageRequests.FileRow row(MergedEntry e, int layers) {
        return new ImageRequests.FileRow(e.path(), e.type().name().toLowerCase(java.util.Locale.ROOT), e.size(),
                String.format("%04o", e.mode()), e.uid(), e.gid(), e.linkTarget(), layers - e.layer());
    }
}
