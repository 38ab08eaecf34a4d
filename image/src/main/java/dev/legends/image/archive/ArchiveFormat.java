package dev.legends.image.archive;

import dev.legends.core.LegendsException;

/** The two archive formats docker and podman save and load. */
public enum ArchiveFormat {
    /** An OCI image layout in a tar: oci-layout, index.json, blobs/sha256. */
    OCI_ARCHIVE("oci-archive"),
    /** docker save's format: manifest.json, a config file and a plain tar per layer. */
    DOCKER_ARCHIVE("docker-archive");

    private final String cliName;

    ArchiveFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name podman's --format uses. */
    public String cliName() {
        return cliName;
    }

    public static ArchiveFormat parse(String name) {
        for (ArchiveFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw LegendsException.invalid("unknown archive format " + name + ": expected oci-archive or docker-archive");
    }
}
