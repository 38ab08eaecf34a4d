package dev.legends.image.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The file tree of one layer, built from its tar headers the way dive builds it (so that waste is
 * counted exactly as dive counts it): parents a tar does not list are implicit nodes with no size
 * and not marked as directories; whiteout files ({@code .wh.name}) are nodes of their own;
 * opaque-directory markers ({@code .wh..wh..opq}) are dropped.
 */
final class LayerTree {
    static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh.";

    static final class Node {
        final String name;
        final Node parent;
        final TreeMap<String, Node> children = new TreeMap<>();
        long size;
        boolean dir;

        Node(String name, Node parent) {
            this.name = name;
            this.parent = parent;
        }

        boolean isLeaf() {
            return children.isEmpty();
        }

        boolean isWhiteout() {
            return name.startsWith(WHITEOUT);
        }

        /** The path the node stands for: a whiteout stands for the name it hides. */
        String path() {
            List<String> parts = new ArrayList<>();
            for (Node n = this; n.parent != null; n = n.parent) {
                parts.addFirst(n == this && isWhiteout() ? n.name.substring(WHITEOUT.length()) : n.name);
            }
            return String.join("/", parts);
        }

        /** The node and everything under it, summed. */
        long subtreeSize() {
            long total = size;
            for (Node c : children.values()) {
                total += c.subtreeSize();
            }
            return total;
        }

        /** Depth first, children before their parent, siblings by name: dive's visiting order. */
        void visitChildFirst(Consumer<Node> visitor) {
            for (Node c : children.values()) {
                c.visitChildFirst(visitor);
            }
            if (parent != null) {
                visitor.accept(this);
            }
        }
    }

    final Node root = new Node("", null);
    /** Sum of the sizes in the layer's headers: the layer size dive shows. */
    long contentSize;

    /** Adds one tar entry (its name already cleaned). */
    void addEntry(String path, long size, boolean dir) {
        contentSize += size;
        add(path, size, dir);
    }

    void add(String path, long size, boolean dir) {
        String[] parts = path.split("/");
        Node node = root;
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i];
            if (name.isEmpty()) {
                continue;
            }
            Node child = node.children.get(name);
            if (child == null) {
                if (name.startsWith(OPAQUE)) {
                    return;
                }
                child = new Node(name, node);
                node.children.put(name, child);
            }
            node = child;
            if (i == parts.length - 1) {
                node.size = size;
                node.dir = dir;
            }
        }
    }

    Node get(String path) {
        Node node = root;
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            node = node.children.get(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Applies {@code upper} on top of this tree: whiteouts remove, everything else is added or replaced. */
    void stack(LayerTree upper) {
        upper.root.visitChildFirst(n -> {
            if (n.isWhiteout()) {
                Node hidden = get(n.path());
                if (hidden != null && hidden.parent != null) {
                    hidden.parent.children.remove(hidden.name);
                }
            } else {
                add(n.path(), n.size, n.dir);
            }
        });
    }

    LayerTree copy() {
        LayerTree t = new LayerTree();
        t.contentSize = contentSize;
        copyChildren(root, t.root);
        return t;
    }

    private static void copyChildren(Node from, Node to) {
        for (Node c : from.children.values()) {
            Node n = new Node(c.name, to);
            n.size = c.size;
            n.dir = c.dir;
            to.children.put(c.name, n);
            copyChildren(c, n);
        }
    }
}
