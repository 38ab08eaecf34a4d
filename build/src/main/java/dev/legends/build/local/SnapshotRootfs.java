package dev.legends.build.local;

import dev.legends.build.Layer;
import dev.legends.build.WritableRootfs;
import dev.legends.core.LegendsException;
import dev.legends.image.BlobWriter;
import dev.legends.image.ImageStore;
import dev.legends.image.StagedBlob;
import dev.legends.snapshot.Committed;
import dev.legends.snapshot.Mount;
import dev.legends.snapshot.Mounts;
import dev.legends.snapshot.Snapshotter;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One step's mounted active snapshot. Commit writes the upper dir as a plain layer tar (its blob
 * digest is its diff id, and no time goes into compression) into the content store and registers
 * the snapshot under the new chain id; close unmounts and removes whatever was not committed.
 */
final class SnapshotRootfs implements WritableRootfs {
    /** Owners as the step left them (RUN chown, COPY --chown); mtimes as the files have them. */
    private static final WriteOptions LAYER = WriteOptions.plain().keepingOwners();

    private final Snapshotter snapshots;
    private final ImageStore images;
    private final String key;
    private final Mount mount;
    private final Path dir;
    private boolean mounted = true;
    private boolean committed;

    SnapshotRootfs(Snapshotter snapshots, ImageStore images, String key, Mount mount, Path dir) {
        this.snapshots = snapshots;
        this.images = images;
        this.key = key;
        this.mount = mount;
        this.dir = dir;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public Optional<Layer> commit() {
        unmount(); // the snapshotter diffs an upper dir only once nothing writes into it
        if (unchanged()) {
            return Optional.empty();
        }
        BlobWriter blob = images.content().writer();
        try (blob) {
            Committed c = snapshots.commit(key, blob, LAYER, true);
            committed = true; // the key is gone: the snapshot is now the committed chain c.chainId()
            try (StagedBlob staged = blob.finish()) {
                images.add(List.of(staged), List.of());
            }
            return Optional.of(new Layer(c.layer().diffId(), c.layer().size()));
        }
    }

    /** Whether the step wrote nothing: its upper dir (or, with no parent, its only dir) is empty. */
    private boolean unchanged() {
        Path upper = mount.type().equals(Mount.OVERLAY) ? mount.upperDir() : mount.source();
        try (Stream<Path> s = Files.list(upper)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw LegendsException.internal("read " + upper + ": " + e.getMessage(), e);
        }
    }

    private void unmount() {
        if (mounted) {
            Mounts.unmount(dir);
            mounted = false;
        }
    }

    @Override
    public void close() {
        Cleanup c = new Cleanup().step("unmount " + dir, this::unmount);
        if (!committed) {
            c.step("remove snapshot " + key, () -> remove(snapshots, key));
        }
        c.step("remove mount point " + dir, () -> Files.deleteIfExists(dir)).done();
    }

    /** Removes an active snapshot if it is still there. */
    static void remove(Snapshotter snapshots, String key) {
        if (snapshots.stat(key).isPresent()) {
            snapshots.remove(key);
        }
    }
}
