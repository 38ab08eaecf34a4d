package dev.legends.server.api;

public record VersionInfo(String version, String apiVersion, String javaVersion, String os, String arch) {
    public static final String API_VERSION = "v1";

    public static VersionInfo current() {
        return new VersionInfo(dev.legends.core.Version.current(), API_VERSION, System.getProperty("java.version"),
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT), System.getProperty("os.arch"));
    }
}
