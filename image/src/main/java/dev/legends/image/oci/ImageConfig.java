package dev.legends.image.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An image config (OCI image-spec config.json, which Docker's is a superset of). Only read from
 * blobs and written for images Legends makes: a loaded config is stored as its original bytes, so
 * fields missing here (container_config, docker_version...) are never lost.
 */
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        history = history == null ? List.of() : List.copyOf(history);
        rootfs = rootfs == null ? new RootFs("layers", List.of()) : rootfs;
    }

    /** The run defaults, never null (an image without a config section has none). */
    public ContainerConfig runConfig() {
        return config == null ? ContainerConfig.empty() : config;
    }
}
