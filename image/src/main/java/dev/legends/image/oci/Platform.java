package dev.legends.image.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/** The platform a manifest in an index is for. */
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant) {

    /** The platform of this JVM's host, in Go's names (amd64, arm64), as images spell them. */
    public static Platform host() {
        return new Platform(hostArchitecture(), "linux", null, null, null);
    }

    public static String hostArchitecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }

    public boolean matches(Platform other) {
        return other != null && architecture != null && architecture.equals(other.architecture)
                && os != null && os.equals(other.os);
    }
}
