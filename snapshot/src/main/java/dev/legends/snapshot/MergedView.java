package dev.legends.snapshot;

import dev.legends.snapshot.archive.Trees;
import dev.legends.core.LegendsException;
import dev.legends.linux.Syscalls;
import dev.legends.linux.Xattrs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The tree overlayfs would show for a stack of layer directories, computed in Java without a
 * mount (so it works unprivileged and on any host): upper layers win; a 0:0 character device
 * hides the name below it; a directory merges with the directories of the same name below it
 * until one is opaque (trusted.overlay.opaque=y) or a lower layer has a non-directory there.
 */
public final class MergedView {
    private static final String ATTRS = "unix:mode,size,rdev,uid,gid";
    private static final int MAX_SYMLINKS = 40;

    /** A real directory that contributes to a merged one. */
    private record Source(int layer, Path dir) {}

    /** A name resolved through the stack: its top-most file, and for a directory every contributor. */
    private record Resolved(MergedEntry entry, List<Source> sources) {}

    private final List<Source> roots;

    private MergedView(List<Source> roots) {
        this.roots = roots;
    }

    /** A view of {@code layersTopFirst}; {@link MergedEntry#layer()} indexes this list. */
    public static MergedView of(List<Path> layersTopFirst) {
        List<Source> roots = new ArrayList<>();
        for (int i = 0; i < layersTopFirst.size(); i++) {
            roots.add(new Source(i, layersTopFirst.get(i)));
            if (opaque(layersTopFirst.get(i))) {
                break;
            }
        }
        return new MergedView(roots);
    }

    /** The file at {@code path} (a final symlink is not followed), or empty if the stack has none. */
    public Optional<MergedEntry> stat(String path) {
        return Optional.ofNullable(resolve(path)).map(Resolved::entry);
    }

    /** The entries of directory {@code path}, sorted by name. */
    public List<MergedEntry> list(String path) {
        Resolved dir = resolve(path);
        if (dir == null) {
            throw LegendsException.notFound("no such file or directory: " + path);
        }
        if (dir.entry.type() != FileType.DIRECTORY) {
            throw LegendsException.invalid("not a directory: " + path);
        }
        List<MergedEntry> out = new ArrayList<>();
        for (Resolved r : children(dir)) {
            out.add(r.entry);
        }
        return out;
    }

    /** Every file below the root, depth first, siblings in name order (the root itself not included). */
    public void walk(Consumer<MergedEntry> visitor) {
        walk(top(), visitor);
    }

    private void walk(Resolved dir, Consumer<MergedEntry> visitor) {
        for (Resolved r : children(dir)) {
            visitor.accept(r.entry);
            if (r.entry.type() == FileType.DIRECTORY) {
                walk(r, visitor);
            }
        }
    }

    private Resolved top() {
        return merge(roots, "", "/");
    }

    private List<Resolved> children(Resolved dir) {
        TreeSet<String> names = new TreeSet<>();
        for (Source s : dir.sources) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(s.dir)) {
                stream.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw LegendsException.internal("list " + Trees.describe(e), e);
            }
        }
        String prefix = dir.entry.path().equals("/") ? "/" : dir.entry.path() + "/";
        List<Resolved> out = new ArrayList<>();
        for (String name : names) {
            Resolved r = merge(dir.sources, name, prefix + name);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code name} in the merged directory made of {@code sources}; null if absent or whited out. */
    private static Resolved merge(List<Source> sources, String name, String path) {
        MergedEntry entry = null;
        List<Source> dirs = new ArrayList<>();
        for (Source s : sources) {
            Path p = name.isEmpty() ? s.dir : s.dir.resolve(name);
            Map<String, Object> a = lstat(p);
            if (a == null) {
                continue;
            }
            int mode = (int) a.get("mode");
            boolean whiteout = (mode & 0170000) == 0020000 && ((Number) a.get("rdev")).longValue() == 0;
            boolean isDir = (mode & 0170000) == 0040000;
            if (entry == null) {
                if (whiteout) {
                    return null;
                }
                entry = entry(path, p, a, s.layer);
                if (!isDir) {
                    return new Resolved(entry, List.of());
                }
            } else if (!isDir) {
                break; // a file or whiteout below a directory ends the merge there
            }
            dirs.add(new Source(s.layer, p));
            if (opaque(p)) {
                break;
            }
        }
        return entry == null ? null : new Resolved(entry, dirs);
    }

    /** Walks {@code path} from the root, following symlinks in the middle (inside the root), not at the end. */
    private Resolved resolve(String path) {
        List<String> todo = new ArrayList<>(components(path));
        List<Resolved> stack = new ArrayList<>(List.of(top()));
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            Resolved dir = stack.getLast();
            if (name.equals("..")) {
                if (stack.size() > 1) {
                    stack.removeLast(); // ".." at the root stays at the root, as in a chroot
                }
                continue;
            }
            if (dir.entry.type() != FileType.DIRECTORY) {
                return null;
            }
            String prefix = dir.entry.path().equals("/") ? "/" : dir.entry.path() + "/";
            Resolved next = merge(dir.sources, name, prefix + name);
            if (next == null) {
                return null;
            }
            if (next.entry.type() == FileType.SYMLINK && !todo.isEmpty()) {
                if (++links > MAX_SYMLINKS) {
                    throw LegendsException.invalid("too many levels of symbolic links: " + path);
                }
                String target = next.entry.linkTarget();
                todo.addAll(0, components(target));
                if (target.startsWith("/")) {
                    stack.subList(1, stack.size()).clear();
                }
                continue;
            }
            stack.add(next);
        }
        return stack.getLast();
    }

    private static List<String> components(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    }

    private static MergedEntry entry(String path, Path file, Map<String, Object> a, int layer) {
        int mode = (int) a.get("mode");
        FileType type = FileType.of(mode);
        String target = type == FileType.SYMLINK ? Syscalls.readlink(file) : null;
        long size = type == FileType.REGULAR || type == FileType.SYMLINK ? ((Number) a.get("size")).longValue() : 0;
        return new MergedEntry(path, type, size, mode & 07777, ((Number) a.get("uid")).longValue(),
                ((Number) a.get("gid")).longValue(), target, layer);
    }

    private static Map<String, Object> lstat(Path p) {
        try {
            return Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw LegendsException.internal("lstat " + Trees.describe(e), e);
        }
    }

    private static boolean opaque(Path dir) {
        return Xattrs.lgetxattr(dir, "trusted.overlay.opaque").map(v -> v.length == 1 && v[0] == 'y').orElse(false);
    }
}
