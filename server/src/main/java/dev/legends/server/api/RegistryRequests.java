package dev.legends.server.api;

/** Bodies and answers of pull, push, login and logout. */
public final class RegistryRequests {
    private RegistryRequests() {}

    public record Pull(String reference, String platform) {}

    public record Push(String reference) {}

    public record Login(String registry, String username, String password) {}

    public record Logout(String registry) {}

    /** One blob's progress, sent as a JSON progress line so the CLI can draw a bar per layer. */
    public record Blob(String id, String kind, String state, long done, long total) {}

    public record Pulled(String reference, String id, String digest, long downloaded) {}

    public record Pushed(String reference, String digest, long size, long uploaded) {}
}
