package dev.legends.snapshot.archive;

import dev.legends.linux.Syscalls;
import dev.legends.linux.Xattrs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Walks a directory in a fixed order (depth first, siblings sorted by their name in the tar) and
 * writes each file as a member. Overlay's markings become OCI whiteouts: a 0:0 character device
 * NAME is written as {@code .wh.NAME}, a directory with trusted.overlay.opaque=y is followed by its
 * {@code .wh..wh..opq}. The root itself is not a member, as in layers docker and containerd write.
 */
final class DiffWalker {
    private static final String ATTRS = "unix:mode,ino,dev,nlink,rdev,uid,gid,size,lastModifiedTime";
    private static final String OVERLAY_XATTRS = "trusted.overlay.";
    private static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private record Child(Path path, String tarName, Map<String, Object> attrs) {}

    private final TarWriter tar;
    private final WriteOptions options;
    private final Map<String, String> firstLinks = new HashMap<>();

    DiffWalker(TarWriter tar, WriteOptions options) {
        this.tar = tar;
        this.options = options;
    }

    void walk(Path dir, String prefix) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
                String name = p.getFileName().toString();
                children.add(new Child(p, isWhiteout(a) ? EntryNames.WHITEOUT + name : name, a));
            }
        }
        children.sort(Comparator.comparing(Child::tarName));
        for (Child c : children) {
            write(c, prefix + c.tarName);
        }
    }

    private void write(Child c, String name) throws IOException {
        Map<String, Object> a = c.attrs;
        int mode = (int) a.get("mode");
        int perm = mode & 07777;
        long uid = options.keepOwners() ? ((Number) a.get("uid")).longValue() : 0;
        long gid = options.keepOwners() ? ((Number) a.get("gid")).longValue() : 0;
        Instant mtime = options.mtime() != null ? options.mtime()
                : Instant.ofEpochSecond(((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond());
        if (isWhiteout(a)) {
            tar.header(new TarEntry(name, TarEntry.REGULAR, perm, uid, gid, 0, mtime, "", 0, 0, Map.of()));
            return;
        }
        Map<String, byte[]> xattrs = new TreeMap<>();
        boolean opaque = false;
        for (String x : Xattrs.llistxattr(c.path)) {
            if (x.equals(OPAQUE_XATTR)) {
                opaque = Xattrs.lgetxattr(c.path, x).map(v -> Arrays.equals(v, new byte[] {'y'})).orElse(false);
            } else if (!x.startsWith(OVERLAY_XATTRS)) {
                Xattrs.lgetxattr(c.path, x).ifPresent(v -> xattrs.put(x, v));
            }
        }
        int type = mode & 0170000;
        if (type == 0040000) {
            tar.header(new TarEntry(name + "/", TarEntry.DIRECTORY, perm, uid, gid, 0, mtime, "", 0, 0, xattrs));
            if (opaque) {
                tar.header(new TarEntry(name + "/" + EntryNames.OPAQUE, TarEntry.REGULAR, 0, 0, 0, 0, mtime, "", 0, 0,
                        Map.of()));
            }
            walk(c.path, name + "/");
            return;
        }
        if (type == 0140000) {
            return; // a socket cannot be put in a tar; GNU tar skips it too
        }
        if (((Number) a.get("nlink")).longValue() > 1) {
            String key = a.get("dev") + ":" + a.get("ino");
            String first = firstLinks.putIfAbsent(key, name);
            if (first != null) {
                tar.header(new TarEntry(name, TarEntry.HARDLINK, perm, uid, gid, 0, mtime, first, 0, 0, xattrs));
                return;
            }
        }
        long rdev = ((Number) a.get("rdev")).longValue();
        switch (type) {
            case 0100000 -> {
                long size = ((Number) a.get("size")).longValue();
                try (FileChannel ch = FileChannel.open(c.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    tar.header(new TarEntry(name, TarEntry.REGULAR, perm, uid, gid, size, mtime, "", 0, 0, xattrs));
                    tar.content(ch, size, name);
                }
            }
            case 0120000 -> tar.header(new TarEntry(name, TarEntry.SYMLINK, perm, uid, gid, 0, mtime,
                    Syscalls.readlink(c.path), 0, 0, xattrs));
            case 0020000, 0060000 -> tar.header(new TarEntry(name, type == 0020000 ? TarEntry.CHAR : TarEntry.BLOCK,
                    perm, uid, gid, 0, mtime, "", Syscalls.major(rdev), Syscalls.minor(rdev), xattrs));
            case 0010000 -> tar.header(new TarEntry(name, TarEntry.FIFO, perm, uid, gid, 0, mtime, "", 0, 0, xattrs));
            default -> { }
        }
    }

    private static boolean isWhiteout(Map<String, Object> a) {
        return ((int) a.get("mode") & 0170000) == 0020000 && ((Number) a.get("rdev")).longValue() == 0;
    }
}
