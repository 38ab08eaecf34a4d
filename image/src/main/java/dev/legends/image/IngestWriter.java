package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * One ingest file being written. Content is hashed on the way in, so a blob is read exactly once;
 * small writes are gathered in a buffer, large ones go straight to the channel.
 */
final class IngestWriter extends BlobWriter {
    private static final int BUFFER = 256 * 1024;

    private final FileContentStore store;
    private final Path file;
    private final FileChannel channel;
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest sha = Digest.sha256();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long written;
    private boolean closed;

    IngestWriter(FileContentStore store, Path file, Digest expected, long expectedSize) throws IOException {
        this.store = store;
        this.file = file;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("blob writer is closed");
        }
        if (expectedSize >= 0 && written + len > expectedSize) {
            throw mismatch("size mismatch: more than the expected " + expectedSize + " bytes");
        }
        sha.update(b, off, len);
        written += len;
        if (len >= BUFFER) {
            drain();
            writeFully(ByteBuffer.wrap(b, off, len));
        } else {
            if (buffer.remaining() < len) {
                drain();
            }
            buffer.put(b, off, len);
        }
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public StagedBlob finish() {
        if (closed) {
            throw new IllegalStateException("blob writer is closed");
        }
        try {
            drain();
            Digest actual = Digest.of(sha);
            if (expectedSize >= 0 && written != expectedSize) {
                throw mismatch("size mismatch: expected " + expectedSize + " bytes, got " + written);
            }
            if (expected != null && !expected.equals(actual)) {
                throw mismatch("digest mismatch (content is " + actual + ")");
            }
            channel.force(true);
            channel.close();
            closed = true;
            return new IngestFile(store, file, actual, written);
        } catch (IOException e) {
            close();
            throw new LegendsException(ErrorKind.INTERNAL, "write blob: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Discards the ingest file unless {@link #finish()} already handed it over. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file goes next; nothing to keep
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover ingest file is swept when the store is next opened
        }
    }

    private LegendsException mismatch(String what) {
        String name = expected == null ? "blob" : "blob " + expected;
        return LegendsException.invalid(name + ": " + what);
    }

    private void drain() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }
}
