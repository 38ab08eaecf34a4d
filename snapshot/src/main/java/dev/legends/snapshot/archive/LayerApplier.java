package dev.legends.snapshot.archive;

import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies an OCI layer (a tar, plain, gzip or zstd, told apart by its magic bytes) to a directory.
 *
 * <p>Into a new directory, the apply is all or nothing: it writes into a fresh sibling directory
 * and renames it into place at the end, so a hostile or broken layer leaves nothing behind. Onto
 * an existing tree ({@link WhiteoutMode#MERGE} only) it works in place: a bad layer is still
 * refused before any write outside the tree, but the entries before it stay applied, so callers
 * merge into a scratch tree they can throw away.
 */
public final class LayerApplier {
    private LayerApplier() {}

    public static Applied apply(InputStream blob, Path dest, ApplyOptions options) {
        String context = "apply layer" + (options.expectedDiffId() == null ? "" : " " + options.expectedDiffId());
        Path target = dest.toAbsolutePath().normalize();
        boolean inPlace = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (inPlace && options.whiteouts() == WhiteoutMode.OVERLAY) {
            throw LegendsException.exists(context + ": " + target + " already exists");
        }
        if (inPlace && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw LegendsException.invalid(context + ": " + target + " is not a directory");
        }
        Path work = inPlace ? target : target.resolveSibling("." + target.getFileName() + ".applying-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (DecodingPipe pipe = DecodingPipe.start(blob)) {
            if (!inPlace) {
                Files.createDirectory(work);
            }
            Map<String, Object> own = Files.readAttributes(work, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            int mode = (int) own.get("mode");
            // a directory we just made has 0777 less the umask: that tells what creation will give
            int umask = inPlace ? -1 : 0777 & ~mode;
            PathTree tree = new PathTree(work, !inPlace, (mode & 02000) != 0);
            Extractor extractor = new Extractor(tree, options, umask,
                    ((Number) own.get("uid")).longValue(), ((Number) own.get("gid")).longValue());
            TarReader reader = new TarReader(pipe);
            for (TarEntry e; (e = reader.next()) != null; ) {
                extractor.apply(e, reader);
            }
            extractor.finish();
            Digest diffId = pipe.finish();
            if (options.expectedDiffId() != null && !options.expectedDiffId().equals(diffId)) {
                throw LegendsException.invalid("content has diff id " + diffId);
            }
            if (!inPlace) {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Applied(diffId, extractor.size(), extractor.entries());
        } catch (LegendsException e) {
            discard(work, inPlace, e);
            throw e.wrap(context);
        } catch (IOException e) {
            discard(work, inPlace, e);
            throw LegendsException.internal(context + ": " + Trees.describe(e), e);
        } catch (RuntimeException e) {
            discard(work, inPlace, e);
            throw LegendsException.internal(context + ": " + e, e);
        }
    }

    private static void discard(Path work, boolean inPlace, Exception failure) {
        if (inPlace) {
            return;
        }
        try {
            Trees.delete(work);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
