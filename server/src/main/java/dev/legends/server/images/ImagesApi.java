package dev.legends.server.images;

import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.ImageSummary;
import dev.legends.image.PruneResult;
import dev.legends.image.Reference;
import dev.legends.image.RemoveResult;
import dev.legends.image.analysis.ImageAnalyzer;
import dev.legends.image.archive.ArchiveFormat;
import dev.legends.image.archive.ImageArchives;
import dev.legends.image.archive.LoadedImage;
import dev.legends.image.oci.History;
import dev.legends.server.api.ImageRequests;
import dev.legends.server.api.ImageRow;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import dev.legends.store.Events;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /v1/images: list, inspect, history, tag, remove, prune, import, load, save, analyze. Image names
 * travel as a query parameter because they contain slashes.
 */
public final class ImagesApi {
    private final ImageStore images;
    private final Events events;
    private final BaseImages base;
    private final ImageFiles files;

    public ImagesApi(ImageStore images, Events events, BaseImages base, ImageFiles files) {
        this.images = images;
        this.events = events;
        this.base = base;
        this.files = files;
    }

    public void register(Router router) {
        router.get("/v1/images", r -> Response.json(images.list().stream().map(ImagesApi::row).toList()))
                .get("/v1/images/inspect", r -> Response.json(inspect(images.resolve(name(r)))))
                .get("/v1/images/history", r -> Response.json(history(images.resolve(name(r)))))
                .get("/v1/images/analyze", r -> Response.json(ImageAnalyzer.analyze(images, name(r))))
                .get("/v1/images/files", r -> Response.json(files.list(name(r), r.param("path"))))
                .post("/v1/images/tag", this::tag)
                .delete("/v1/images", this::remove)
                .post("/v1/images/prune", r -> {
                    PruneResult p = images.prune();
                    return Response.json(new ImageRequests.Pruned(p.removed().size(), p.freedBytes()));
                })
                .post("/v1/images/import", r -> Response.progress(p -> importRootfs(r.json(ImageRequests.Import.class), p)))
                .post("/v1/images/load", r -> Response.progress(p -> load(r.json(ImageRequests.Load.class), p)))
                .post("/v1/images/save", r -> Response.progress(p -> save(r.json(ImageRequests.Save.class), p)))
                .post("/v1/images/bootstrap", r -> Response.progress(p -> loaded(base.bootstrap(p))));
    }

    private static String name(Request r) {
        String n = r.param("name");
        if (n == null || n.isBlank()) {
            throw LegendsException.invalid("an image name or id is required");
        }
        return n;
    }

    private Response tag(Request r) {
        ImageRequests.Tag t = r.json(ImageRequests.Tag.class);
        images.tag(t.source(), t.target());
        events.append("image", Reference.parse(t.target()).familiar(), "tagged from " + t.source());
        return Response.json(Map.of("tagged", Reference.parse(t.target()).familiar()));
    }

    private Response remove(Request r) {
        RemoveResult res = images.remove(name(r), r.flag("force"));
        List<String> untagged = res.untagged().stream().map(Reference::familiar).toList();
        String deleted = res.deleted() == null ? null : res.deleted().toString();
        events.append("image", name(r), deleted == null ? "untagged" : "deleted " + deleted);
        return Response.json(new ImageRequests.Removed(untagged, deleted));
    }

    private ImageRequests.Loaded importRootfs(ImageRequests.Import req, java.util.function.Consumer<String> progress) throws IOException {
        Path path = existing(req.path());
        progress.accept("importing " + path);
        try (InputStream in = Files.newInputStream(path)) {
            LoadedImage img = ImageArchives.importRootfs(images, in, req.reference(), req.changes() == null ? List.of() : req.changes());
            return loaded(List.of(img));
        }
    }

    private ImageRequests.Loaded load(ImageRequests.Load req, java.util.function.Consumer<String> progress) {
        Path path = existing(req.path());
        progress.accept("loading " + path);
        return loaded(ImageArchives.load(images, path));
    }

    private Map<String, String> save(ImageRequests.Save req, java.util.function.Consumer<String> progress) {
        ArchiveFormat format = ArchiveFormat.parse(req.format() == null ? "oci-archive" : req.format());
        Path path = Path.of(req.path());
        progress.accept("writing " + format.cliName() + " " + path);
        ImageArchives.save(images, req.names(), path, format);
        return Map.of("path", path.toString());
    }

    private ImageRequests.Loaded loaded(List<LoadedImage> list) {
        List<ImageRequests.LoadedRow> rows = new ArrayList<>();
        for (LoadedImage i : list) {
            List<String> refs = i.references().stream().map(Reference::familiar).toList();
            rows.add(new ImageRequests.LoadedRow(i.id().toString(), refs));
            events.append("image", refs.isEmpty() ? i.id().shortHex() : String.join(",", refs), "loaded " + i.id());
        }
        return new ImageRequests.Loaded(rows);
    }

    private static Path existing(String path) {
        if (path == null || !Path.of(path).isAbsolute()) {
            throw LegendsException.invalid("an absolute file path is required, got " + path);
        }
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw LegendsException.notFound(path + ": no such file");
        }
        return p;
    }

    static ImageRow row(ImageSummary s) {
        return new ImageRow(s.repository(), s.tag(), s.id().toString(), s.created() == null ? null : s.created().toString(), s.size());
    }

    /** docker inspect's shape, with the image's own config inside. */
    static Map<String, Object> inspect(Image image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", image.id().toString());
        m.put("RepoTags", image.references().stream().map(Reference::familiar).toList());
        m.put("ManifestDigest", image.manifestDigest().toString());
        m.put("ManifestMediaType", image.manifestDescriptor().mediaType());
        m.put("Created", image.config().created());
        m.put("Author", image.config().author());
        m.put("Architecture", image.config().architecture());
        m.put("Os", image.config().os());
        m.put("Size", image.size());
        m.put("Config", image.config().runConfig());
        m.put("RootFS", image.config().rootfs());
        m.put("Layers", image.manifest().layers());
        return m;
    }

    /** Newest step first, as docker history prints it; a step that made a layer shows that layer's blob size. */
    static List<ImageRequests.HistoryRow> history(Image image) {
        List<ImageRequests.HistoryRow> rows = new ArrayList<>();
        int layer = 0;
        for (History h : image.config().history()) {
            long size = 0;
            if (!h.isEmptyLayer() && layer < image.manifest().layers().size()) {
                size = image.manifest().layers().get(layer++).size();
            }
            rows.add(new ImageRequests.HistoryRow(h.created(), h.createdBy(), size, h.comment(), h.isEmptyLayer()));
        }
        return rows.reversed();
    }
}
