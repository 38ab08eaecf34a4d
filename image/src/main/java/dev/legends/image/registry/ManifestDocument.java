package dev.legends.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.MediaTypes;
import java.util.Set;

/**
 * A manifest or index exactly as the registry served it: its digest is over these bytes, so they
 * are stored and pushed untouched, never re-serialised.
 */
record ManifestDocument(byte[] bytes, String mediaType, Digest digest) {
    /** Large enough for an index of hundreds of platforms; a registry should refuse larger. */
    static final int MAX_BYTES = 4 << 20;

    /** What a pull accepts, in the Accept header: OCI and Docker v2 schema 2, manifests and indexes. */
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

    private static final Set<String> SCHEMA1 = Set.of("application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws");

    /**
     * The document's media type: its own {@code mediaType} field, else the Content-Type it came
     * with, else its shape (an OCI manifest may leave the field out).
     */
    static ManifestDocument of(byte[] bytes, String contentType) {
        Digest digest = Digest.of(bytes);
        JsonNode doc = Json.read(bytes, JsonNode.class);
        String type = doc.path("mediaType").asText("");
        if (type.isEmpty() && contentType != null) {
            type = contentType.split(";", 2)[0].strip();
        }
        if (SCHEMA1.contains(type) || doc.path("schemaVersion").asInt(2) == 1) {
            throw LegendsException.invalid("manifest " + digest + " is a Docker schema 1 manifest, which Legends does not"
                    + " read: push the image again with a current docker or podman");
        }
        if (!MediaTypes.isManifest(type) && !MediaTypes.isIndex(type)) {
            type = doc.has("manifests") && !doc.has("config") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        return new ManifestDocument(bytes, type, digest);
    }

    boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }
}
