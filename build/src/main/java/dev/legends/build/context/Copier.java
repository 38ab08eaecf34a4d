package dev.legends.build.context;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Docker's COPY and ADD rules, writing into a rootfs: a destination ending in {@code /} is a
 * directory; a directory source copies its contents, not itself; a file goes to the destination
 * path itself unless that is a directory; missing parents are created, owned by the
 * {@code --chown} owner; owners are root unless {@code --chown}; modes are the source's unless
 * {@code --chmod}. ADD extracts local tar archives (plain, gzip, bzip2, xz; recognised by their
 * content, not their name) into the destination.
 */
public final class Copier {

    /** {@code owner}: --chown; {@code mode}: --chmod; {@code extractArchives}: ADD rather than COPY. */
    public record Options(Optional<Owner> owner, OptionalInt mode, boolean extractArchives) {
        public static Options copy() {
            return new Options(Optional.empty(), OptionalInt.empty(), false);
        }
    }

    private Copier() {}

    /**
     * Copies {@code sources} from {@code tree} to {@code dest}, an absolute path in {@code rootfs}.
     * Several sources need a directory destination (ending in {@code /}): the caller checks that,
     * since the message names the instruction.
     */
    public static void copy(SourceTree tree, List<CopySource> sources, Path rootfs, String dest, Options options) {
        TargetWriter w = new TargetWriter(rootfs);
        Owner owner = options.owner().orElse(Owner.ROOT);
        boolean destIsDir = dest.endsWith("/");
        try {
            for (CopySource src : sources) {
                if (src.isDirectory()) {
                    w.mkdirs(dest, owner);
                    for (TreeEntry e : tree.entries(src)) {
                        if (!e.rel().isEmpty()) {
                            put(w, dest + "/" + e.rel(), e, owner, options.mode());
                        }
                    }
                } else if (options.extractArchives() && Archives.isArchive(src.path())) {
                    w.mkdirs(dest, owner);
                    Archives.extract(src.path(), w, dest, options.owner());
                } else {
                    String target = destIsDir || w.isDirectory(dest) ? dest + "/" + src.name() : dest;
                    put(w, target, tree.entries(src).getFirst(), owner, options.mode());
                }
            }
            w.finish();
        } catch (IOException e) {
            throw LegendsException.internal("copy to " + dest + ": " + e.getMessage(), e);
        }
    }

    /** Makes directory {@code path} in {@code rootfs} if missing (root-owned, 0755), for a RUN's working directory. */
    public static void ensureDirectory(Path rootfs, String path) {
        try {
            new TargetWriter(rootfs).mkdirs(path, Owner.ROOT);
        } catch (IOException e) {
            throw LegendsException.internal("create " + path + ": " + e, e);
        }
    }

    private static void put(TargetWriter w, String path, TreeEntry e, Owner owner, OptionalInt mode) throws IOException {
        var attrs = e.attrs();
        Path t;
        if (attrs.isDirectory()) {
            t = w.directory(path, owner);
        } else if (attrs.isRegularFile()) {
            t = w.place(path, owner, false);
            Files.copy(e.path(), t);
        } else if (attrs.isSymbolicLink()) {
            t = w.place(path, owner, false);
            Files.createSymbolicLink(t, Files.readSymbolicLink(e.path()));
        } else {
            return; // sockets, fifos and devices have no place in a build context
        }
        w.meta(t, owner, mode.orElse(e.mode()), attrs.lastModifiedTime(), attrs.isSymbolicLink());
    }
}
