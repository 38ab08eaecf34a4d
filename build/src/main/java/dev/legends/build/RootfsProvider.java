package dev.legends.build;

/** Port: writable filesystems for build steps (overlay snapshots in the engine). */
public interface RootfsProvider {

    /**
     * A new writable rootfs whose content is {@code parent} (every layer of it committed earlier
     * or belonging to a resolved base image). The builder writes into it, runs commands in it, and
     * then either commits or just closes it.
     */
    WritableRootfs prepare(LayerChain parent);
}
