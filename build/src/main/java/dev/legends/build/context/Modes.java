package dev.legends.build.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/** Unix file modes and owners through the JDK's {@code unix:} attribute view. */
final class Modes {
    private Modes() {}

    static int of(Path p, PosixFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return 0777;
        }
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        } catch (IOException | UnsupportedOperationException e) {
            int m = 0;
            for (PosixFilePermission perm : attrs.permissions()) {
                m |= 1 << (8 - perm.ordinal());
            }
            return m;
        }
    }

    static void set(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode & 07777);
    }

    /** Sets owners without following a symlink at {@code p} (lchown). */
    static void chown(Path p, Owner owner) throws IOException {
        Files.setAttribute(p, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
    }
}
