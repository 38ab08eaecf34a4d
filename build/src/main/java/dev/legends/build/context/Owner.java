package dev.legends.build.context;

/** A numeric owner, as files in a layer carry it. */
public record Owner(int uid, int gid) {
    public static final Owner ROOT = new Owner(0, 0);
}
