package dev.legends.snapshot.archive;

import static dev.legends.snapshot.archive.PathTree.ABSENT;
import static dev.legends.snapshot.archive.PathTree.DIR;
import static dev.legends.snapshot.archive.PathTree.OTHER;
import static dev.legends.snapshot.archive.PathTree.SYMLINK;

import dev.legends.core.LegendsException;
import dev.legends.linux.Syscalls;
import dev.legends.linux.Xattrs;
import dev.legends.snapshot.archive.PathTree.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns tar members into files, one at a time, in the order of the stream. Paths are checked
 * against the {@link PathTree} before anything is written; creation never follows a symlink
 * (O_EXCL files, mkdir, mknod, symlink and link all refuse an existing last component, and every
 * parent is a directory this apply made or looked at). Owner and mode are set only when they
 * differ from what creation gave, to spare a syscall per file; the owner before the mode, since
 * chown clears setuid and setgid.
 */
final class Extractor {
    private static final String OVERLAY_XATTRS = "trusted.overlay.";
    private static final byte[] OPAQUE_YES = {'y'};

    private record DirTime(Node node, Path path, Instant mtime) {}

    private final PathTree tree;
    private final ApplyOptions options;
    private final int umask;
    private final long ownUid;
    private final long ownGid;
    private final byte[] buffer = new byte[1 << 20];
    private final List<DirTime> dirTimes = new ArrayList<>();
    private long size;
    private long entries;

    /** {@code umask} -1 when unknown, so that every mode is set explicitly. */
    Extractor(PathTree tree, ApplyOptions options, int umask, long ownUid, long ownGid) {
        this.tree = tree;
        this.options = options;
        this.umask = umask;
        this.ownUid = ownUid;
        this.ownGid = ownGid;
    }

    long size() {
        return size;
    }

    long entries() {
        return entries;
    }

    void apply(TarEntry e, TarReader in) throws IOException {
        entries++;
        String[] parts = EntryNames.components(e.name());
        if (parts.length == 0) {
            if (!e.isDirectory()) {
                throw LegendsException.invalid(e.describe() + " would replace the root");
            }
            metadata(e, tree.root(), tree.rootPath(), true, -1);
            return;
        }
        String base = parts[parts.length - 1];
        if (base.startsWith(EntryNames.WHITEOUT)) {
            whiteout(e, parts, base);
            return;
        }
        Node parent = tree.directory(parts, parts.length - 1, true, e.name());
        Node node = tree.lookup(parent, parts, parts.length);
        Path path = tree.path(parts, parts.length);
        switch (e.type()) {
            case TarEntry.DIRECTORY -> {
                boolean existed = node.kind == DIR;
                boolean whitedOut = node.whiteout;
                if (!existed) {
                    clear(node, path);
                    Files.createDirectory(path);
                    node.kind = DIR;
                }
                if (whitedOut) {
                    // .wh.NAME and NAME/ in one layer: the new directory must hide the old one's content
                    Xattrs.lsetxattr(path, "trusted.overlay.opaque", OPAQUE_YES, 0);
                }
                metadata(e, node, path, existed || parent.setgid, umask < 0 ? -1 : 0777 & ~umask);
                node.setgid = (e.mode() & 02000) != 0;
            }
            case TarEntry.REGULAR -> {
                clear(node, path);
                write(e, in, path);
                node.kind = OTHER;
                metadata(e, node, path, parent.setgid, umask < 0 ? -1 : 0666 & ~umask);
            }
            case TarEntry.SYMLINK -> {
                if (e.linkName().isEmpty() || !EntryNames.symlinkStaysInside(parts, e.linkName())) {
                    throw LegendsException.invalid("symlink " + e.name() + " -> " + e.linkName()
                            + " points outside the root");
                }
                clear(node, path);
                Syscalls.symlink(e.linkName(), path);
                node.kind = SYMLINK;
                metadata(e, node, path, parent.setgid, -1);
            }
            case TarEntry.HARDLINK -> hardlink(e, node, path);
            case TarEntry.CHAR, TarEntry.BLOCK, TarEntry.FIFO -> special(e, parent, node, path);
            default -> throw LegendsException.invalid("unsupported " + e.describe());
        }
        node.fresh = true;
    }

    /** Directory mtimes last: writing inside a directory moves its mtime. */
    void finish() {
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            DirTime d = dirTimes.get(i);
            if (d.node.kind == DIR) {
                Syscalls.lutimes(d.path, d.mtime, d.mtime);
            }
        }
    }

    private void write(TarEntry e, TarReader in, Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long left = e.size();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                left -= n;
            }
        }
        size += e.size();
    }

    private void hardlink(TarEntry e, Node node, Path path) throws IOException {
        String[] target = EntryNames.components(e.linkName());
        Node dir = target.length == 0 ? null : tree.directory(target, target.length - 1, false, e.name());
        Node existing = dir == null ? null : tree.lookup(dir, target, target.length);
        if (existing == null || existing.kind == ABSENT) {
            throw LegendsException.invalid("hard link " + e.name() + " -> " + e.linkName()
                    + ": the target is not an earlier entry of the layer");
        }
        if (existing.kind == DIR) {
            throw LegendsException.invalid("hard link " + e.name() + " -> " + e.linkName() + " links a directory");
        }
        if (existing == node) {
            return;
        }
        clear(node, path);
        Files.createLink(path, tree.path(target, target.length));
        node.kind = existing.kind; // a link to a symlink is a symlink: never walk through it
    }

    private void special(TarEntry e, Node parent, Node node, Path path) throws IOException {
        boolean whiteoutDevice = e.type() == TarEntry.CHAR && e.devMajor() == 0 && e.devMinor() == 0;
        if (e.type() != TarEntry.FIFO && !whiteoutDevice && !options.allowDevices()) {
            throw LegendsException.invalid(e.describe() + " (" + e.devMajor() + ":" + e.devMinor()
                    + ") is a device node, which layers may not create");
        }
        clear(node, path);
        if (whiteoutDevice && options.whiteouts() == WhiteoutMode.MERGE) {
            return; // in a merged tree, a 0:0 device only means "deleted"
        }
        int type = switch (e.type()) {
            case TarEntry.CHAR -> Syscalls.S_IFCHR;
            case TarEntry.BLOCK -> Syscalls.S_IFBLK;
            default -> Syscalls.S_IFIFO;
        };
        Syscalls.mknod(path, type | e.mode(), e.devMajor(), e.devMinor());
        node.kind = OTHER;
        metadata(e, node, path, parent.setgid, umask < 0 ? -1 : e.mode() & ~umask);
    }

    private void whiteout(TarEntry e, String[] parts, String base) throws IOException {
        boolean overlay = options.whiteouts() == WhiteoutMode.OVERLAY;
        if (base.equals(EntryNames.OPAQUE)) {
            Node dir = tree.directory(parts, parts.length - 1, overlay, e.name());
            Path dirPath = tree.path(parts, parts.length - 1);
            if (dir != null && overlay) {
                Xattrs.lsetxattr(dirPath, "trusted.overlay.opaque", OPAQUE_YES, 0);
            } else if (dir != null) {
                emptyAllButFresh(dir, dirPath);
            }
            return;
        }
        if (base.startsWith(EntryNames.AUFS_META)) {
            return;
        }
        String name = base.substring(EntryNames.WHITEOUT.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw LegendsException.invalid("whiteout " + e.name() + " names no file");
        }
        String[] target = parts.clone();
        target[target.length - 1] = name;
        Node dir = tree.directory(target, target.length - 1, overlay, e.name());
        if (dir == null) {
            return; // merge: the directory is not there, so neither is what it would hide
        }
        Node node = tree.lookup(dir, target, target.length);
        Path path = tree.path(target, target.length);
        if (node.fresh) {
            // a whiteout hides the layers below, never an entry of its own layer; over a directory
            // of this layer, overlay needs it opaque to hide what lies below
            if (overlay && node.kind == DIR) {
                Xattrs.lsetxattr(path, "trusted.overlay.opaque", OPAQUE_YES, 0);
            }
        } else if (overlay) {
            clear(node, path);
            Syscalls.mknod(path, Syscalls.S_IFCHR, 0, 0);
            node.kind = OTHER;
            node.fresh = true;
            node.whiteout = true;
        } else {
            clear(node, path);
        }
    }

    private void emptyAllButFresh(Node dir, Path dirPath) throws IOException {
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dirPath)) {
            for (Path child : children) {
                Node n = dir.child(child.getFileName().toString());
                if (n == null || !n.fresh) {
                    doomed.add(child);
                }
            }
        }
        for (Path child : doomed) {
            Trees.delete(child);
            Node n = dir.child(child.getFileName().toString());
            if (n != null) {
                n.becomeAbsent();
            }
        }
    }

    private void clear(Node node, Path path) throws IOException {
        switch (node.kind) {
            case ABSENT -> { }
            case DIR -> Trees.delete(path);
            default -> Files.delete(path);
        }
        node.becomeAbsent();
    }

    /**
     * Owner, mode, xattrs, times. {@code force} sets owner and mode even if they look right (the
     * path existed before, or its directory is setgid); {@code created} is the mode creation gave,
     * -1 if unknown.
     */
    private void metadata(TarEntry e, Node node, Path path, boolean force, int created) {
        boolean chown = force || e.uid() != ownUid || e.gid() != ownGid;
        if (chown) {
            Syscalls.lchown(path, (int) e.uid(), (int) e.gid());
        }
        if (node.kind != SYMLINK && (force || created != e.mode() || (chown && (e.mode() & 06000) != 0))) {
            Syscalls.chmod(path, e.mode());
        }
        for (var x : e.xattrs().entrySet()) {
            // overlay's own attributes (opaque, redirect, origin) steer the kernel: a layer may not forge them
            if (!x.getKey().startsWith(OVERLAY_XATTRS)) {
                Xattrs.lsetxattr(path, x.getKey(), x.getValue(), 0);
            }
        }
        if (node.kind == DIR) {
            dirTimes.add(new DirTime(node, path, e.mtime()));
        } else {
            Syscalls.lutimes(path, e.mtime(), e.mtime());
        }
    }
}
