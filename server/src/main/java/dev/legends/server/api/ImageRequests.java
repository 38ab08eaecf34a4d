package dev.legends.server.api;

import java.util.List;

/** Bodies of the image API's POST requests. Paths are the caller's files on this host. */
public final class ImageRequests {
    private ImageRequests() {}

    public record Tag(String source, String target) {}

    public record Import(String path, String reference, List<String> changes) {}

    public record Load(String path) {}

    public record Save(List<String> names, String path, String format) {}

    public record Loaded(List<LoadedRow> images) {}

    public record LoadedRow(String id, List<String> references) {}

    public record Removed(List<String> untagged, String deleted) {}

    public record Pruned(int blobs, long freedBytes) {}

    public record HistoryRow(String created, String createdBy, long size, String comment, boolean emptyLayer) {}

    public record FileRow(String path, String type, long size, String mode, long uid, long gid, String linkTarget, int layer) {}
}
