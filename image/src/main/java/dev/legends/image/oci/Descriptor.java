package dev.legends.image.oci;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.legends.core.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI content descriptor. {@code extra} keeps fields this version does not know, because
 * descriptors are the one wire value Legends rewrites (in its own index.json) that other tools
 * may also have written.
 */
public record Descriptor(
        String mediaType,
        @JsonSerialize(using = DigestJson.Write.class) @JsonDeserialize(using = DigestJson.Read.class) Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        String data,
        String artifactType,
        Platform platform,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** containerd and docker put the full name here (and only the tag in ref.name); podman reads it first. */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    public Descriptor {
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        // sorted, so that the JSON of a descriptor Legends writes is the same every time
        Map<String, String> a = newAnnotations == null || newAnnotations.isEmpty() ? null
                : Collections.unmodifiableMap(new TreeMap<>(newAnnotations));
        return new Descriptor(mediaType, digest, size, urls, a, data, artifactType, platform, extra);
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, artifactType, p, extra);
    }

    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
