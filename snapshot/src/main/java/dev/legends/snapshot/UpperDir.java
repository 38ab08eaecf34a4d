package dev.legends.snapshot;

import dev.legends.linux.Syscalls;
import dev.legends.linux.Xattrs;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Turns an upper dir, once its layer is written, into a committed snapshot in place, instead of
 * unpacking that layer again. It must then hold what the layer says: the same owners (0:0 unless
 * kept), the same fixed mtime if one was asked for, no sockets (a tar has none), and none of
 * overlay's bookkeeping xattrs (origin, impure...), of which only the opaque marker means anything
 * in a lower dir.
 */
final class UpperDir {
    private static final String OVERLAY_XATTRS = "trusted.overlay.";
    private static final String OPAQUE = "trusted.overlay.opaque";

    private UpperDir() {}

    /** Seals {@code fs} to match a layer written with {@code options}; returns its content bytes. */
    static long seal(Path fs, WriteOptions options) throws IOException {
        long[] size = new long[1];
        Files.walkFileTree(fs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(fs)) {
                    normalize(dir, false, options.keepOwners());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isOther() && isSocket(file)) {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }
                normalize(file, attrs.isSymbolicLink(), options.keepOwners());
                if (attrs.isRegularFile()) {
                    size[0] += attrs.size();
                }
                if (options.mtime() != null) {
                    Syscalls.lutimes(file, options.mtime(), options.mtime());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (options.mtime() != null && !dir.equals(fs)) {
                    Syscalls.lutimes(dir, options.mtime(), options.mtime());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return size[0];
    }

    private static void normalize(Path p, boolean symlink, boolean keepOwners) throws IOException {
        for (String x : Xattrs.llistxattr(p)) {
            if (x.startsWith(OVERLAY_XATTRS) && !x.equals(OPAQUE)) {
                Xattrs.lremovexattr(p, x);
            }
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        int mode = (int) a.get("mode");
        // a whiteout applied from a layer is root's, whatever the writer put in its header
        boolean whiteout = (mode & 0170000) == 0020000;
        if ((whiteout || !keepOwners) && ((int) a.get("uid") != 0 || (int) a.get("gid") != 0)) {
            Syscalls.lchown(p, 0, 0);
            if (!symlink) {
                Syscalls.chmod(p, mode & 07777); // chown cleared setuid and setgid
            }
        }
    }

    private static boolean isSocket(Path p) throws IOException {
        return ((int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) == 0140000;
    }
}
