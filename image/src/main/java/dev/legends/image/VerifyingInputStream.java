package dev.legends.image;

import dev.legends.core.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and fails at EOF when the content is not what its name promised, so
 * a reader that consumes a blob to the end never silently uses corrupt data.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest sha = Digest.sha256();
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, Digest expected, long expectedSize) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verify();
        } else {
            sha.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
        } else {
            sha.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Skipping must still hash, or the check at EOF would be meaningless. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(left, buf.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw new IOException("blob " + expected + ": size mismatch: expected " + expectedSize + " bytes, read " + count);
        }
        Digest actual = Digest.of(sha);
        if (!actual.equals(expected)) {
            throw new IOException("blob " + expected + ": digest mismatch (content is " + actual + ")");
        }
    }
}
