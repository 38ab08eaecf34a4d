package dev.legends.build.context;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes entries into a rootfs by their absolute paths in it. Parent directories resolve through
 * {@link RootPath}, so symlinks in the image are honoured but cannot lead out of it; the entry
 * itself is never written through a symlink: what is in the way is replaced.
 */
final class TargetWriter {
    private final Path root;
    private final Map<String, Path> dirs = new HashMap<>();
    private final List<Runnable> dirTimes = new ArrayList<>();

    TargetWriter(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    boolean isDirectory(String path) {
        return RootPath.isDirectory(RootPath.resolve(root, path));
    }

    /** The directory {@code path}, made with its missing parents (mode 0755, owned by {@code owner}). */
    Path mkdirs(String path, Owner owner) throws IOException {
        String clean = CleanPath.clean("/" + path);
        if (clean.equals("/")) {
            return root;
        }
        Path known = dirs.get(clean);
        if (known != null) {
            return known;
        }
        int slash = clean.lastIndexOf('/');
        mkdirs(clean.substring(0, slash), owner);
        Path p = RootPath.resolve(root, clean);
        // a symlink may have led elsewhere in the rootfs: make the whole chain it points into
        Deque<Path> missing = new ArrayDeque<>();
        for (Path cur = p; !cur.equals(root) && !Files.exists(cur, LinkOption.NOFOLLOW_LINKS); cur = cur.getParent()) {
            missing.push(cur);
        }
        Path existing = missing.isEmpty() ? p : missing.peek().getParent();
        if (!RootPath.isDirectory(existing)) {
            throw LegendsException.invalid("cannot create directory " + clean + ": not a directory");
        }
        for (Path d : missing) {
            Files.createDirectory(d);
            Modes.set(d, 0755);
            chown(d, owner);
        }
        dirs.put(clean, p);
        return p;
    }

    /** The directory entry {@code path}: an existing directory is kept (its contents merge), anything else replaced. */
    Path directory(String path, Owner parentOwner) throws IOException {
        String clean = CleanPath.clean("/" + path);
        Path existing = RootPath.resolve(root, clean);
        if (RootPath.isDirectory(existing)) {
            dirs.put(clean, existing);
            return existing;
        }
        Path target = place(clean, parentOwner, false);
        Files.createDirectory(target);
        dirs.put(clean, target);
        return target;
    }

    /**
     * Where a non-directory entry at {@code path} goes, with its parents made and whatever was
     * there removed. A directory in the way is an error unless {@code replaceDirectory}.
     */
    Path place(String path, Owner parentOwner, boolean replaceDirectory) throws IOException {
        String clean = CleanPath.clean("/" + path);
        if (clean.equals("/")) {
            throw LegendsException.invalid("cannot copy a file to /: it is a directory");
        }
        int slash = clean.lastIndexOf('/');
        Path target = mkdirs(clean.substring(0, slash), parentOwner).resolve(clean.substring(slash + 1));
        if (RootPath.isDirectory(target)) {
            if (!replaceDirectory) {
                throw LegendsException.invalid("cannot overwrite directory \"" + clean + "\" with non-directory");
            }
            deleteTree(target);
            dirs.keySet().removeIf(k -> k.equals(clean) || k.startsWith(clean + "/"));
        } else {
            Files.deleteIfExists(target);
        }
        return target;
    }

    /** Sets owner, mode and time; directory times are set by {@link #finish()}, after their contents. */
    void meta(Path p, Owner owner, int mode, FileTime mtime, boolean symlink) throws IOException {
        chown(p, owner);
        if (symlink) {
            return;
        }
        Modes.set(p, mode);
        if (mtime == null) {
            return;
        }
        BasicFileAttributeView view = Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (RootPath.isDirectory(p)) {
            dirTimes.add(() -> setTime(view, mtime));
        } else {
            view.setTimes(mtime, null, null);
        }
    }

    void finish() {
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            dirTimes.get(i).run();
        }
        dirTimes.clear();
    }

    private static void setTime(BasicFileAttributeView view, FileTime t) {
        try {
            view.setTimes(t, null, null);
        } catch (IOException e) {
            // a directory time is cosmetic; the copy itself succeeded
        }
    }

    private static void chown(Path p, Owner owner) throws IOException {
        Modes.chown(p, owner);
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
