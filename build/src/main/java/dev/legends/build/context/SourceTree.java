package dev.legends.build.context;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where COPY and ADD take files from: the build context (filtered by {@code .dockerignore},
 * sources may not leave it) or another stage's or image's rootfs (for {@code COPY --from}, where
 * paths are absolute in that filesystem). Symlinks are never followed out of the tree.
 */
public final class SourceTree {
    private final Path root;
    private final DockerIgnore ignore;
    private final boolean context;

    private SourceTree(Path root, DockerIgnore ignore, boolean context) {
        this.root = root;
        this.ignore = ignore;
        this.context = context;
    }

    /** The build context in {@code dir}, with its {@code .dockerignore} if there is one. */
    public static SourceTree context(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw LegendsException.notFound("build context " + dir + ": no such directory");
        }
        if (!Files.isDirectory(real)) {
            throw LegendsException.invalid("build context " + dir + ": not a directory");
        }
        DockerIgnore ignore = DockerIgnore.NONE;
        Path file = real.resolve(".dockerignore");
        if (Files.isRegularFile(file)) {
            try {
                ignore = DockerIgnore.parse(Files.readString(file));
            } catch (IOException e) {
                throw LegendsException.invalid("read " + file + ": " + e.getMessage());
            }
        }
        return new SourceTree(real, ignore, true);
    }

    /** A rootfs (of a stage or an image), everything visible. */
    public static SourceTree rootfs(Path dir) {
        return new SourceTree(dir.toAbsolutePath().normalize(), DockerIgnore.NONE, false);
    }

    public Path root() {
        return root;
    }

    /**
     * Expands one source as written in a COPY (after substitution) to what it names. Errors are
     * invalid-argument with docker's wording, without the instruction in front.
     */
    public List<CopySource> resolve(String source) {
        String cleaned = CleanPath.clean(source.startsWith("/") ? source.substring(1) : source);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            if (context) {
                throw LegendsException.invalid("forbidden path outside the build context: " + source);
            }
            cleaned = CleanPath.clean("/" + cleaned).substring(1);
        }
        if (cleaned.equals(".") || cleaned.isEmpty()) {
            return List.of(new CopySource(root, "", ""));
        }
        if (Glob.hasWildcards(cleaned)) {
            return matching(cleaned);
        }
        int slash = cleaned.lastIndexOf('/');
        String name = cleaned.substring(slash + 1);
        Path parent = RootPath.resolve(root, slash < 0 ? "" : cleaned.substring(0, slash));
        Path path = parent.resolve(name);
        if (Files.isSymbolicLink(path)) {
            path = followInside(path);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || ignore.excluded(cleaned)) {
            throw LegendsException.notFound("file not found in build context or excluded by .dockerignore: stat "
                    + source + ": file does not exist");
        }
        return List.of(new CopySource(path, RootPath.relative(root, path), name));
    }

    /**
     * A source that is a symlink is copied as what it points to when that stays inside the tree;
     * one that points out (or nowhere) is copied as the symlink itself.
     */
    private Path followInside(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            if (context && target.startsWith("/")) {
                return link;
            }
            String joined = target.startsWith("/") ? target : RootPath.relative(root, link.getParent()) + "/" + target;
            String cleaned = CleanPath.clean(joined.startsWith("/") ? joined.substring(1) : joined);
            if (cleaned.equals("..") || cleaned.startsWith("../")) {
                return link;
            }
            Path resolved = RootPath.resolve(root, cleaned);
            return Files.exists(resolved, LinkOption.NOFOLLOW_LINKS) ? resolved : link;
        } catch (IOException e) {
            return link;
        }
    }

    private List<CopySource> matching(String pattern) {
        Pattern regex;
        try {
            regex = Glob.compile(pattern, false);
        } catch (IllegalArgumentException e) {
            throw LegendsException.invalid(e.getMessage());
        }
        int depth = pattern.split("/").length;
        List<CopySource> out = new ArrayList<>();
        for (TreeEntry e : walk(new CopySource(root, "", ""), depth)) {
            if (!e.rel().isEmpty() && regex.matcher(e.rel()).matches()) {
                out.add(new CopySource(e.path(), e.rel(), e.path().getFileName().toString()));
            }
        }
        if (out.isEmpty()) {
            throw LegendsException.invalid("no source files were specified");
        }
        return out;
    }

    /** The source and everything under it that the build may see, sorted by name, parents first. */
    public List<TreeEntry> entries(CopySource source) {
        return walk(source, Integer.MAX_VALUE);
    }

    private List<TreeEntry> walk(CopySource source, int maxDepth) {
        List<TreeEntry> out = new ArrayList<>();
        try {
            PosixFileAttributes attrs = attributes(source.path());
            out.add(new TreeEntry("", source.path(), attrs));
            if (attrs.isDirectory()) {
                walkDir(source.path(), source.rel(), "", maxDepth, out);
            }
        } catch (IOException e) {
            throw LegendsException.internal("read " + e.getMessage(), e);
        }
        return out;
    }

    private void walkDir(Path dir, String treeRel, String rel, int depth, List<TreeEntry> out) throws IOException {
        if (depth <= 0) {
            return;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childTreeRel = treeRel.isEmpty() ? name : treeRel + "/" + name;
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            PosixFileAttributes attrs = attributes(child);
            boolean excluded = ignore.excluded(childTreeRel);
            if (!excluded) {
                out.add(new TreeEntry(childRel, child, attrs));
            }
            if (attrs.isDirectory() && (!excluded || ignore.mayIncludeUnder(childTreeRel))) {
                walkDir(child, childTreeRel, childRel, depth - 1, out);
            }
        }
    }

    private static PosixFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
