package dev.legends.snapshot.archive;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the applier knows about the tree it writes: the kind of every path it created or looked
 * at. It is how "never follow a symlink while writing" is kept without an lstat per component:
 * in a fresh directory every path was made by this apply, so the tree is the truth; applied onto
 * an existing tree (merge), unknown paths are looked up once with lstat and remembered.
 */
final class PathTree {
    static final byte ABSENT = 0;
    static final byte DIR = 1;
    static final byte OTHER = 2;
    static final byte SYMLINK = 3;

    static final class Node {
        byte kind;
        /** written by this layer: an opaque marker or whiteout in the same layer leaves it alone */
        boolean fresh;
        /** a setgid directory: new children inherit its group and, for directories, the bit */
        boolean setgid;
        /** a whiteout device this layer made */
        boolean whiteout;
        Map<String, Node> children;

        Node(byte kind) {
            this.kind = kind;
        }

        Node child(String name) {
            return children == null ? null : children.get(name);
        }

        void put(String name, Node node) {
            if (children == null) {
                children = new HashMap<>();
            }
            children.put(name, node);
        }

        void becomeAbsent() {
            kind = ABSENT;
            children = null;
            fresh = false;
            setgid = false;
            whiteout = false;
        }
    }

    private final Path root;
    private final boolean fresh;
    private final Node top;

    PathTree(Path root, boolean fresh, boolean rootSetgid) {
        this.root = root;
        this.fresh = fresh;
        this.top = new Node(DIR);
        this.top.setgid = rootSetgid;
    }

    Node root() {
        return top;
    }

    Path rootPath() {
        return root;
    }

    /** The node of component {@code count - 1} of {@code parts}, a child of {@code dir}. */
    Node lookup(Node dir, String[] parts, int count) {
        String name = parts[count - 1];
        Node n = dir.child(name);
        if (n == null) {
            n = new Node(fresh ? ABSENT : probe(path(parts, count)));
            if (!fresh && n.kind == DIR) {
                n.setgid = true; // unknown: assume the worst, which only costs a chown
            }
            dir.put(name, n);
        }
        return n;
    }

    Path path(String[] parts, int count) {
        return count == 0 ? root : root.resolve(EntryNames.join(parts, count));
    }

    /**
     * Walks the first {@code count} components as directories, creating missing ones (0755 root:root,
     * as tar does) when {@code create}; refuses a component that is a symlink or not a directory.
     * Returns null when a directory is missing and {@code create} is false.
     */
    Node directory(String[] parts, int count, boolean create, String entry) throws IOException {
        Node node = top;
        for (int i = 1; i <= count; i++) {
            Node next = lookup(node, parts, i);
            switch (next.kind) {
                case DIR -> { }
                case ABSENT -> {
                    if (!create) {
                        return null;
                    }
                    Files.createDirectory(path(parts, i));
                    next.kind = DIR;
                    next.fresh = true;
                    next.setgid = node.setgid;
                }
                case SYMLINK -> throw LegendsException.invalid("entry " + entry + " goes through symlink "
                        + EntryNames.join(parts, i));
                default -> throw LegendsException.invalid("entry " + entry + " goes through "
                        + EntryNames.join(parts, i) + ", which is not a directory");
            }
            node = next;
        }
        return node;
    }

    private static byte probe(Path p) {
        try {
            int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0040000 -> DIR;
                case 0120000 -> SYMLINK;
                default -> OTHER;
            };
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            throw LegendsException.internal("lstat " + p + ": " + e.getMessage(), e);
        }
    }
}
