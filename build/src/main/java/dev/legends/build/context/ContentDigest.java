package dev.legends.build.context;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * What the cache keys a COPY or ADD by: a digest over each source's entries in sorted order,
 * their relative paths, types, modes, file bytes and link targets. Modification times and owners
 * are left out: touching a file must not invalidate the cache, and COPY sets owners itself.
 */
public final class ContentDigest {
    private ContentDigest() {}

    public static Digest of(SourceTree tree, List<CopySource> sources) {
        MessageDigest md = Digest.sha256();
        byte[] buf = new byte[64 * 1024];
        try {
            for (CopySource source : sources) {
                put(md, "source " + source.rel() + "\n");
                for (TreeEntry e : tree.entries(source)) {
                    String type = e.attrs().isDirectory() ? "d" : e.attrs().isSymbolicLink() ? "l"
                            : e.attrs().isRegularFile() ? "f" : "o";
                    put(md, type + " " + Integer.toOctalString(e.mode()) + " " + e.rel() + "\0");
                    if (e.attrs().isSymbolicLink()) {
                        put(md, Files.readSymbolicLink(e.path()).toString() + "\0");
                    } else if (e.attrs().isRegularFile()) {
                        put(md, e.attrs().size() + "\0");
                        hashFile(md, e.path(), buf);
                    }
                }
            }
        } catch (IOException e) {
            throw LegendsException.internal("read " + e.getMessage(), e);
        }
        return Digest.of(md);
    }

    private static void hashFile(MessageDigest md, Path p, byte[] buf) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
    }

    private static void put(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }
}
