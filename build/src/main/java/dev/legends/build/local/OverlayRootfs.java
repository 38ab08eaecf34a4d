package dev.legends.build.local;

import dev.legends.build.LayerChain;
import dev.legends.build.RootfsProvider;
import dev.legends.build.WritableRootfs;
import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.snapshot.Mount;
import dev.legends.snapshot.Mounts;
import dev.legends.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Step rootfs as active overlay snapshots on the parent chain, each mounted at a directory of its
 * own under {@code mnt}. Keys start with {@link #KEY_PREFIX}, so that what a killed daemon left
 * behind can be told apart from the snapshots of containers and swept (see {@link Leftovers}).
 */
final class OverlayRootfs implements RootfsProvider {
    static final String KEY_PREFIX = "build-";

    private final Snapshotter snapshots;
    private final ImageStore images;
    private final Path mnt;

    OverlayRootfs(Snapshotter snapshots, ImageStore images, Path mnt) {
        this.snapshots = snapshots;
        this.images = images;
        this.mnt = mnt;
    }

    @Override
    public WritableRootfs prepare(LayerChain parent) {
        String key = KEY_PREFIX + Ids.random();
        Digest parentChain = parent.chainId().orElse(null);
        Mount mount = snapshots.prepare(key, parentChain);
        Path dir = mnt.resolve(key);
        try {
            Files.createDirectories(dir);
            Mounts.mount(mount, dir);
        } catch (IOException | RuntimeException e) {
            new Cleanup().step("remove snapshot " + key, () -> SnapshotRootfs.remove(snapshots, key))
                    .step("remove mount point " + dir, () -> Files.deleteIfExists(dir))
                    .doneAfter(e);
            throw e instanceof LegendsException le ? le
                    : LegendsException.internal("mount build rootfs at " + dir + ": " + e.getMessage(), e);
        }
        return new SnapshotRootfs(snapshots, images, key, mount, dir);
    }
}
