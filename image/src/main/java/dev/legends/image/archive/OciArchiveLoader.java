package dev.legends.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.NewImage;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.OciLayout;
import dev.legends.image.oci.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * Interprets an oci-archive (an OCI image layout in a tar, as {@code podman save --format
 * oci-archive} writes it). Every blob was verified against its name while it streamed in; here the
 * descriptors are checked against what the archive holds, and the manifests' own bytes are kept.
 */
final class OciArchiveLoader {
    static final String INDEX = "index.json";
    private static final int MAX_DOCUMENT = 16 << 20;

    private OciArchiveLoader() {}

    private record Found(Descriptor descriptor, Manifest manifest, StagedBlob blob) {}

    static LoadPlan plan(ScannedArchive archive) {
        OciLayout layout = archive.json(OciLayout.FILE, OciLayout.class, 4096);
        if (layout == null || layout.imageLayoutVersion() == null) {
            throw LegendsException.invalid(OciLayout.FILE + ": no imageLayoutVersion");
        }
        ImageIndex index = archive.json(INDEX, ImageIndex.class, MAX_DOCUMENT);
        if (index.manifests().isEmpty()) {
            throw LegendsException.invalid(INDEX + ": lists no images");
        }
        LoadPlan plan = new LoadPlan();
        for (Descriptor entry : index.manifests()) {
            List<Reference> names = names(entry);
            Found found = manifest(archive, entry, 0);
            Manifest m = found.manifest();
            StagedBlob config = blob(archive, m.config());
            plan.keep(found.blob());
            plan.keep(config);
            for (Descriptor layer : m.layers()) {
                plan.keep(blob(archive, layer));
            }
            plan.add(new NewImage(found.descriptor(), names), new LoadedImage(m.config().digest(), names));
        }
        return plan;
    }

    /**
     * containerd and docker write the full name in their own annotation and only the tag in
     * ref.name; podman writes the full name in ref.name. A bare tag names no repository, so such an
     * image loads untagged rather than under a guessed name.
     */
    static List<Reference> names(Descriptor entry) {
        String name = entry.annotation(Descriptor.CONTAINERD_NAME);
        if (name == null) {
            String ref = entry.annotation(Descriptor.REF_NAME);
            name = ref != null && (ref.contains("/") || ref.contains(":")) ? ref : null;
        }
        if (name == null) {
            return List.of();
        }
        try {
            return List.of(Reference.parse(name));
        } catch (LegendsException e) {
            throw e.wrap(INDEX);
        }
    }

    private static Found manifest(ScannedArchive archive, Descriptor d, int depth) {
        if (depth > 4) {
            throw LegendsException.invalid("manifest " + d.digest() + ": indexes nested too deep");
        }
        StagedBlob blob = blob(archive, d);
        byte[] bytes = ScannedArchive.bytes(blob, "manifest " + d.digest(), MAX_DOCUMENT);
        try {
            JsonNode doc = Json.read(bytes, JsonNode.class);
            String type = d.mediaType() != null ? d.mediaType() : doc.path("mediaType").asText(null);
            boolean isIndex = type != null ? MediaTypes.isIndex(type) : doc.has("manifests") && !doc.has("config");
            if (isIndex) {
                return manifest(archive, platformEntry(archive, Json.read(bytes, ImageIndex.class), d), depth + 1);
            }
            Manifest m = Json.read(bytes, Manifest.class);
            if (m.config() == null) {
                throw LegendsException.invalid("no config descriptor");
            }
            String mediaType = type != null ? type : MediaTypes.OCI_MANIFEST;
            return new Found(Descriptor.of(mediaType, d.digest(), d.size()), m, blob);
        } catch (LegendsException e) {
            throw e.wrap("manifest " + d.digest());
        }
    }

    private static Descriptor platformEntry(ScannedArchive archive, ImageIndex index, Descriptor of) {
        Platform host = Platform.host();
        List<Descriptor> present = new ArrayList<>();
        for (Descriptor m : index.manifests()) {
            if (archive.has(ArchivePaths.blobName(m.digest()))) {
                if (host.matches(m.platform())) {
                    return m;
                }
                present.add(m);
            }
        }
        if (present.size() == 1) {
            return present.getFirst();
        }
        throw LegendsException.invalid("index " + of.digest() + ": the archive has no manifest for "
                + host.os() + "/" + host.architecture());
    }

    /** The archive's copy of a blob; its digest was checked as it streamed in, its size is checked here. */
    private static StagedBlob blob(ScannedArchive archive, Descriptor d) {
        StagedBlob blob = archive.file(ArchivePaths.blobName(d.digest()));
        if (blob == null) {
            throw LegendsException.invalid("blob " + d.digest() + ": missing from the archive");
        }
        if (!blob.digest().equals(d.digest())) {
            // only a regular file is checked by name as it streams; a link could point anywhere
            throw LegendsException.invalid("blob " + d.digest() + ": digest mismatch (content is " + blob.digest() + ")");
        }
        if (blob.size() != d.size()) {
            throw LegendsException.invalid("blob " + d.digest() + ": size mismatch: the descriptor says "
                    + d.size() + " bytes, the archive has " + blob.size());
        }
        return blob;
    }
}
