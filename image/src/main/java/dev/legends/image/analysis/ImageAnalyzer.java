package dev.legends.image.analysis;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.Compression;
import dev.legends.image.ContentStore;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.History;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code legends image analyze}: reads each layer's tar headers (never unpacking a file), builds
 * dive's per-layer trees, and measures the waste. Layers may be plain, gzip or zstd.
 */
public final class ImageAnalyzer {
    private ImageAnalyzer() {}

    public static ImageAnalysis analyze(ImageStore store, String nameOrId) {
        try {
            Image image = store.resolve(nameOrId);
            List<Descriptor> layers = image.manifest().layers();
            List<LayerTree> trees = new ArrayList<>();
            for (Descriptor layer : layers) {
                trees.add(read(store.content(), layer));
            }
            Efficiency.Result result = Efficiency.of(trees);
            List<LayerReport> reports = reports(image, trees);
            long size = 0;
            long userSize = 0;
            for (LayerReport r : reports) {
                size += r.contentSize();
                userSize += r.number() > 1 ? r.contentSize() : 0;
            }
            double userPercent = userSize == 0 ? 0 : (double) result.wastedBytes() / userSize;
            String name = image.references().isEmpty() ? image.id().toString() : image.references().getFirst().familiar();
            return new ImageAnalysis(name, image.id(), reports, size, userSize, result.score(), result.wastedBytes(),
                    userPercent, result.waste(), WasteCause.of(result.waste()));
        } catch (LegendsException e) {
            throw e.wrap("analyze " + nameOrId);
        }
    }

    /** Pairs layers with the history steps that made them, skipping steps that made no layer. */
    private static List<LayerReport> reports(Image image, List<LayerTree> trees) {
        List<History> steps = image.config().history().stream().filter(h -> !h.isEmptyLayer()).toList();
        List<Descriptor> layers = image.manifest().layers();
        List<Digest> diffIds = image.diffIds();
        List<LayerReport> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            History h = i < steps.size() ? steps.get(i) : null;
            out.add(new LayerReport(i + 1, layers.get(i).digest(), i < diffIds.size() ? diffIds.get(i) : null,
                    layers.get(i).size(), trees.get(i).contentSize, h == null ? null : h.createdBy(), h == null ? null : h.comment()));
        }
        return out;
    }

    static LayerTree read(ContentStore content, Descriptor layer) {
        LayerTree tree = new LayerTree();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(content.path(layer.digest())), 1 << 16);
                InputStream plain = Compression.decompress(raw, Compression.sniff(raw));
                TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = clean(e.getName());
                if (!path.isEmpty()) {
                    tree.addEntry(path, e.getSize(), e.isDirectory());
                }
            }
            return tree;
        } catch (IOException | IllegalArgumentException e) {
            throw new LegendsException(ErrorKind.INVALID_ARGUMENT, "layer " + layer.digest() + ": unreadable tar: " + e.getMessage(), e);
        }
    }

    /** Go's path.Clean, made relative: "./a/../b/" is "b"; what would climb above the root stays at it. */
    static String clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }
}
