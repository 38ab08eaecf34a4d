package dev.legends.snapshot.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;

/**
 * The uncompressed tar stream of a layer blob, decoded and digested on a thread of its own.
 *
 * <p>GNU tar runs gzip in a second process, so decompression and file writing overlap on two
 * cores; this does the same within the JVM. The decoding thread reads the blob to its very end
 * (so the diff id covers the padding after the tar trailer too), inflates it, feeds sha256 and
 * hands 1 MiB chunks over a bounded queue; the reader copies them out. The digest and length
 * are published with the last chunk, so the queue's happens-before edge makes them visible.
 */
final class DecodingPipe extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final int DEPTH = 8;

    private record Chunk(byte[] data, int length, RuntimeException failure, boolean last) {}

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(DEPTH + 2);
    private final InputStream blob;
    private final Thread decoder;
    private volatile boolean closed;
    private Compression compression = Compression.NONE;
    private Digest digest;
    private long length;
    private Chunk current;
    private int pos;
    private boolean ended;

    private DecodingPipe(InputStream blob) {
        this.blob = blob;
        this.decoder = Thread.ofPlatform().daemon().name("layer-decode").unstarted(this::decode);
    }

    /** Starts decoding {@code blob}; the caller still owns and closes the blob itself. */
    static DecodingPipe start(InputStream blob) {
        DecodingPipe pipe = new DecodingPipe(blob);
        pipe.decoder.start();
        return pipe;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = 0;
        while (skipped < n && advance()) {
            int step = (int) Math.min(n - skipped, current.length - pos);
            pos += step;
            skipped += step;
        }
        return skipped;
    }

    /** Reads what is left (padding after the tar trailer) and returns the digest of all of it. */
    Digest finish() {
        while (advance()) {
            pos = current.length;
        }
        return digest;
    }

    /** Uncompressed bytes decoded; valid after {@link #finish()}. */
    long length() {
        return length;
    }

    Compression compression() {
        return compression;
    }

    @Override
    public void close() {
        closed = true;
        decoder.interrupt();
        try {
            // the blob belongs to the caller, who may close it as soon as we return
            decoder.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean advance() {
        while (!ended && (current == null || pos == current.length)) {
            if (current != null && current.data != null) {
                spare.offer(current.data);
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LegendsException.unavailable("layer decoding interrupted");
            }
            pos = 0;
            if (current.failure != null) {
                ended = true;
                throw current.failure;
            }
            ended = current.last;
        }
        return !ended || pos < current.length;
    }

    private void decode() {
        try (InputStream in = open(new SourceStream(blob))) {
            MessageDigest sha = Digest.sha256();
            long total = 0;
            while (!closed) {
                byte[] buf = spare.poll();
                buf = buf == null ? new byte[CHUNK] : buf;
                int n = fill(in, buf);
                sha.update(buf, 0, n);
                total += n;
                if (n < CHUNK) {
                    length = total;
                    digest = Digest.of(sha);
                    full.put(new Chunk(buf, n, null, true));
                    return;
                }
                full.put(new Chunk(buf, n, null, false));
            }
        } catch (InterruptedException e) {
            // the reader gave up; nobody waits for more chunks
        } catch (RuntimeException | IOException e) {
            full.offer(new Chunk(null, 0, translate(e), true));
        }
    }

    private InputStream open(InputStream source) throws IOException {
        PushbackInputStream in = new PushbackInputStream(source, 4);
        byte[] head = new byte[4];
        int n = 0;
        for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
            n += r;
        }
        in.unread(head, 0, n);
        compression = Compression.detect(head, n);
        return switch (compression) {
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            case NONE -> in;
        };
    }

    private static int fill(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0; ) {
            n += r;
        }
        return n;
    }

    private RuntimeException translate(Exception e) {
        if (e instanceof LegendsException le) {
            return le;
        }
        if (e instanceof SourceFailure) {
            return new LegendsException(ErrorKind.UNAVAILABLE, "read layer blob: " + e.getCause().getMessage(), e);
        }
        if (e instanceof IOException) {
            String what = compression == Compression.NONE ? "tar" : compression.name().toLowerCase();
            return new LegendsException(ErrorKind.INVALID_ARGUMENT,
                    "corrupt " + what + " stream: " + e.getMessage(), e);
        }
        return LegendsException.internal("decode layer: " + e, e);
    }

    /** An I/O failure of the blob itself, told apart from the decoder finding corrupt data. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }
    }

    private static final class SourceStream extends FilterInputStream {
        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public void close() {
            // the caller closes the blob
        }
    }
}
