package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.NewImage;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageConfig;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.MediaTypes.LayerCompression;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interprets a docker-archive ({@code docker save}, {@code podman save --format docker-archive}):
 * manifest.json lists each image's config file, tags and layer files. Layers there are plain tars,
 * stored as they are: their digest is their diff id, so loading reads each byte once. The archive
 * has no manifest, so Legends writes an OCI one (the only blob here it creates).
 */
final class DockerArchiveLoader {
    private static final Pattern CONFIG_NAME = Pattern.compile("(?:.*/)?([0-9a-f]{64})(?:\\.json)?");
    private static final int MAX_MANIFEST_JSON = 16 << 20;
    private static final int MAX_CONFIG = 16 << 20;

    private DockerArchiveLoader() {}

    static LoadPlan plan(ScannedArchive archive, ContentStore content) {
        List<DockerManifestEntry> entries;
        StagedBlob manifestJson = archive.require(DockerManifestEntry.FILE, "a docker-archive");
        try {
            entries = Json.read(ScannedArchive.bytes(manifestJson, DockerManifestEntry.FILE, MAX_MANIFEST_JSON),
                    Json.listOf(DockerManifestEntry.class));
        } catch (LegendsException e) {
            throw e.wrap(DockerManifestEntry.FILE);
        }
        if (entries == null || entries.isEmpty()) {
            throw LegendsException.invalid(DockerManifestEntry.FILE + ": lists no images");
        }
        LoadPlan plan = new LoadPlan();
        for (int i = 0; i < entries.size(); i++) {
            DockerManifestEntry entry = entries.get(i);
            if (entry == null || entry.config() == null) {
                throw LegendsException.invalid(DockerManifestEntry.FILE + ": image " + (i + 1) + " names no Config");
            }
            image(archive, content, entry, plan);
        }
        return plan;
    }

    private static void image(ScannedArchive archive, ContentStore content, DockerManifestEntry entry, LoadPlan plan) {
        StagedBlob config = archive.require(entry.config(), DockerManifestEntry.FILE);
        Matcher named = CONFIG_NAME.matcher(entry.config());
        if (named.matches() && !named.group(1).equals(config.digest().hex())) {
            throw LegendsException.invalid("config " + entry.config() + ": digest mismatch (content is " + config.digest() + ")");
        }
        ImageConfig parsed;
        try {
            parsed = Json.read(ScannedArchive.bytes(config, entry.config(), MAX_CONFIG), ImageConfig.class);
        } catch (LegendsException e) {
            throw e.wrap("config " + entry.config());
        }
        List<Digest> diffIds = parsed.rootfs().diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw LegendsException.invalid("config " + entry.config() + ": lists " + diffIds.size()
                    + " diff_ids but " + DockerManifestEntry.FILE + " lists " + entry.layers().size() + " layers");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String name = entry.layers().get(i);
            StagedBlob layer = archive.require(name, DockerManifestEntry.FILE);
            layers.add(Descriptor.of(layerType(name, layer, diffIds.get(i)), layer.digest(), layer.size()));
            plan.keep(layer);
        }
        List<Reference> names = new ArrayList<>();
        for (String tag : entry.repoTags()) {
            try {
                names.add(Reference.parse(tag));
            } catch (LegendsException e) {
                throw e.wrap(DockerManifestEntry.FILE);
            }
        }
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), config.size());
        StagedBlob manifest = archive.adopt(content.stage(Json.bytes(Manifest.oci(configDescriptor, layers))));
        plan.keep(config);
        plan.keep(manifest);
        plan.add(new NewImage(Descriptor.of(MediaTypes.OCI_MANIFEST, manifest.digest(), manifest.size()), names),
                new LoadedImage(config.digest(), names));
    }

    /**
     * A plain layer's digest is its diff id. Docker also accepts compressed layer files; those keep
     * their compressed bytes, and are checked against the diff id once decompressed (the one case
     * that reads a layer twice).
     */
    private static String layerType(String name, StagedBlob layer, Digest diffId) {
        if (layer.digest().equals(diffId)) {
            return MediaTypes.OCI_LAYER;
        }
        LayerCompression compression = Layers.compression(layer);
        if (compression != LayerCompression.NONE && Layers.uncompressedDigest(layer, compression).equals(diffId)) {
            return MediaTypes.ociLayer(compression);
        }
        throw LegendsException.invalid("layer " + name + ": digest mismatch: content is " + layer.digest()
                + ", the config's diff_id is " + diffId);
    }
}
