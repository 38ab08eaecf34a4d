package dev.legends.image.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One image in a docker-archive's manifest.json, as {@code docker save} writes it. */
record DockerManifestEntry(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Layers") List<String> layers) {

    static final String FILE = "manifest.json";

    DockerManifestEntry {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
