package dev.legends.pod;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volumes' directories, {@code ROOT/volumes/NAME/_data}. A volume is made whole in a
 * {@code .tmp-} directory and renamed into place, and only then recorded; it is unrecorded before
 * it is deleted. So at engine start any directory without a record is a cut-short create or rm,
 * and is removed.
 */
final class VolumeDirs {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeDirs.class);
    private static final String DATA = "_data";
    private static final String COPY = "_copy";

    private final Path dir;

    VolumeDirs(Path dir) {
        this.dir = dir;
    }

    Path data(String name) {
        return dir.resolve(name).resolve(DATA);
    }

    /** Makes the volume's directory, filled with {@code seed}'s content when that is a directory (docker's copy-up). */
    void create(String name, Path seed) {
        Path tmp = dir.resolve(".tmp-" + name + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp.resolve(DATA));
            if (seed != null && Files.isDirectory(seed, LinkOption.NOFOLLOW_LINKS)) {
                copy(seed, tmp.resolve(DATA));
            }
            Path target = dir.resolve(name);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Rootfs.deleteTree(target); // left by a create or rm that was cut short: no record owns it
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Rootfs.deleteTree(tmp);
            throw LegendsException.unavailable("create volume " + name + ": " + e.getMessage());
        }
    }

    boolean isEmpty(String name) {
        try (Stream<Path> s = Files.list(data(name))) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies {@code seed} into the (empty, unused) volume beside its data, then swaps it in, so a cut leaves it empty or full. */
    void fill(String name, Path seed) {
        if (seed == null || !Files.isDirectory(seed, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path copy = dir.resolve(name).resolve(COPY);
        try {
            Rootfs.deleteTree(copy);
            Files.createDirectories(copy);
            copy(seed, copy);
            Files.delete(data(name));
            Files.move(copy, data(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Rootfs.deleteTree(copy);
            throw LegendsException.unavailable("copy " + seed + " into volume " + name + ": " + e.getMessage());
        }
    }

    /** Deletes the volume's directory and returns the bytes its files took. */
    long remove(String name) {
        long size = size(dir.resolve(name));
        Rootfs.deleteTree(dir.resolve(name));
        return size;
    }

    /** Removes what no recorded volume owns and completes the recorded ones a cut left without data. */
    void recover(Set<String> recorded) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    if (!recorded.contains(p.getFileName().toString())) {
                        LOG.warn("volumes: removing {}, which no volume record owns (a create or rm was cut short)", p);
                        Rootfs.deleteTree(p);
                    }
                }
            }
            for (String name : recorded) {
                Rootfs.deleteTree(dir.resolve(name).resolve(COPY));
                Files.createDirectories(data(name));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("volumes: could not check {}: {}", dir, e.getMessage());
        }
    }

    static long size(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        AtomicLong total = new AtomicLong();
        try (Stream<Path> w = Files.walk(root)) {
            w.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        total.addAndGet(a.size());
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // a best guess is enough for a report
        }
        return total.get();
    }

    /** Copies a tree with owners, modes and times; links stay links; devices, sockets and fifos are skipped. */
    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(d).toString());
                if (d.equals(from)) {
                    owner(d, target);
                } else {
                    Files.copy(d, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The volume's root takes the image directory's owner and mode, as docker's copy-up does. */
    private static void owner(Path from, Path to) throws IOException {
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
