package dev.legends.snapshot.archive;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a directory as an OCI layer tar: the diff of a container's upper dir, or a build step's
 * files. Members are sorted, owners are 0:0 unless asked otherwise, and overlay whiteouts become
 * OCI ones; overlay's own xattrs (trusted.overlay.*) are never written. The caller owns {@code out}
 * and closes it.
 */
public final class LayerWriter {
    private LayerWriter() {}

    public static Written write(Path dir, OutputStream out, WriteOptions options) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw LegendsException.notFound("write layer: " + dir + " is not a directory");
        }
        try {
            Counting blob = new Counting(out);
            OutputStream compressor = switch (options.compression()) {
                case NONE -> blob;
                case GZIP -> new GZIPOutputStream(blob, 1 << 16);
                case ZSTD -> new ZstdOutputStreamNoFinalizer(blob, 3);
            };
            Counting tarBytes = new Counting(compressor);
            OutputStream buffered = new BufferedOutputStream(tarBytes, 1 << 16);
            TarWriter tar = new TarWriter(buffered);
            new DiffWalker(tar, options).walk(dir, "");
            tar.finish();
            buffered.flush();
            if (compressor != blob) {
                compressor.close(); // finishes the compressed stream; Counting keeps out open
            }
            blob.flush();
            return new Written(Digest.of(tarBytes.sha), Digest.of(blob.sha), blob.count, options.compression());
        } catch (LegendsException e) {
            throw e.wrap("write layer from " + dir);
        } catch (IOException e) {
            throw LegendsException.internal("write layer from " + dir + ": " + Trees.describe(e), e);
        }
    }

    /** Digests and counts what passes through; close does not close the stream below. */
    private static final class Counting extends FilterOutputStream {
        final MessageDigest sha = Digest.sha256();
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
