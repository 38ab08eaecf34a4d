package dev.legends.pod;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.snapshot.Mount;
import dev.legends.snapshot.Mounts;
import dev.legends.snapshot.SnapshotInfo;
import dev.legends.snapshot.SnapshotKind;
import dev.legends.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Containers' root filesystems: a writable overlay snapshot per container (key {@code ctr-ID})
 * over the image's committed layers, mounted at {@code ROOT/containers/ID/rootfs}.
 */
final class Rootfs {
    static final String KEY_PREFIX = "ctr-";

    private final Path containersDir;
    private final Snapshotter snapshots;

    Rootfs(Path containersDir, Snapshotter snapshots) {
        this.containersDir = containersDir;
        this.snapshots = snapshots;
    }

    Path containersDir() {
        return containersDir;
    }

    Path dir(String id) {
        return containersDir.resolve(id).resolve("rootfs");
    }

    static String key(String id) {
        return KEY_PREFIX + id;
    }

    /** Prepares the writable snapshot over {@code chainId} and mounts it; on failure nothing is left. */
    Path create(String id, Digest chainId) {
        Path dir = dir(id);
        try {
            Files.createDirectories(dir);
            Mounts.mount(snapshots.prepare(key(id), chainId), dir);
            return dir;
        } catch (IOException | RuntimeException e) {
            try {
                remove(id);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof LegendsException le ? le.wrap("root filesystem")
                    : LegendsException.unavailable("root filesystem of " + id + ": " + e.getMessage());
        }
    }

    /** Mounts the snapshot again if it is not (after a host reboot); a no-op while it is. */
    Path ensureMounted(String id) {
        Path dir = dir(id);
        if (!MountPoints.isMountPoint(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw LegendsException.unavailable("create " + dir + ": " + e.getMessage());
            }
            Mounts.mount(snapshots.mounts(key(id)), dir);
        }
        return dir;
    }

    /** How the snapshot is mounted: lower dirs, upper and work dir; empty if it is gone. */
    Optional<Mount> mount(String id) {
        try {
            return Optional.of(snapshots.mounts(key(id)));
        } catch (LegendsException e) {
            return Optional.empty();
        }
    }

    /** Unmounts, removes the snapshot and the container's directory; each step is safe to repeat. */
    void remove(String id) {
        Path dir = dir(id);
        for (int i = 0; i < 8 && MountPoints.isMountPoint(dir); i++) {
            Mounts.unmount(dir); // stacked mounts (a mount made twice) come off one at a time
        }
        try {
            snapshots.remove(key(id));
        } catch (LegendsException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
        deleteTree(containersDir.resolve(id));
    }

    /** Ids of the container snapshots that exist, for finding ones no record owns. */
    List<String> snapshotIds() {
        return snapshots.list().stream()
                .filter(s -> s.kind() == SnapshotKind.ACTIVE && s.name().startsWith(KEY_PREFIX))
                .map(SnapshotInfo::name).map(n -> n.substring(KEY_PREFIX.length())).toList();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw LegendsException.unavailable("remove " + dir + ": " + e.getMessage());
        }
    }
}
