package dev.legends.build.local;

import dev.legends.core.LegendsException;
import dev.legends.runtime.Container;
import dev.legends.runtime.ContainerRuntime;
import dev.legends.snapshot.Mounts;
import dev.legends.snapshot.SnapshotInfo;
import dev.legends.snapshot.SnapshotKind;
import dev.legends.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What builds of a daemon that was killed mid-step left behind: mounts under the build's mount
 * directory, active build snapshots, build containers. A build cleans up after itself when it
 * fails or is cancelled; this covers kill -9 and power loss, and runs before the first build.
 */
final class Leftovers {
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Leftovers() {}

    static void sweep(Snapshotter snapshots, Path mnt) {
        Cleanup c = new Cleanup();
        for (Path target : mountsUnder(mnt)) {
            log.info("unmounting leftover build rootfs {}", target);
            c.step("unmount " + target, () -> Mounts.unmount(target));
        }
        try (Stream<Path> dirs = Files.list(mnt)) {
            for (Path dir : dirs.toList()) {
                c.step("remove " + dir, () -> Files.deleteIfExists(dir));
            }
        } catch (IOException e) {
            c.step("list " + mnt, () -> { throw e; });
        }
        for (SnapshotInfo s : snapshots.list()) {
            if (s.kind() == SnapshotKind.ACTIVE && s.name().startsWith(OverlayRootfs.KEY_PREFIX)) {
                log.info("removing leftover build snapshot {}", s.name());
                c.step("remove snapshot " + s.name(), () -> snapshots.remove(s.name()));
            }
        }
        c.done();
    }

    /** Deletes build containers; the build runtime's state directory holds nothing else. */
    static void sweep(ContainerRuntime runtime) {
        Cleanup c = new Cleanup();
        for (Container ctr : runtime.list()) {
            if (ctr.id().startsWith(ContainerRunner.ID_PREFIX)) {
                log.info("removing leftover build container {}", ctr.id());
                c.step("delete container " + ctr.id(), () -> runtime.delete(ctr.id(), true));
            }
        }
        c.done();
    }

    /** Mount points at or under {@code dir}, deepest first, as /proc/self/mountinfo lists them. */
    static List<Path> mountsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().normalize() + "/";
        List<Path> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    String target = unescape(f[4]);
                    if (target.startsWith(prefix)) {
                        found.add(Path.of(target));
                    }
                }
            }
        } catch (IOException e) {
            throw LegendsException.internal("read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits after a backslash. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
