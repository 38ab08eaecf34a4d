package dev.legends.image;

import java.io.OutputStream;

/**
 * Streams content into an ingest file, hashing as it goes. {@link #finish()} verifies, fsyncs and
 * stages; {@link #close()} without {@code finish} discards everything written.
 */
public abstract class BlobWriter extends OutputStream {
    BlobWriter() {}

    /** Verifies against the expected digest and size, fsyncs, and stages the content. */
    public abstract StagedBlob finish();

    /** Bytes written so far. */
    public abstract long written();

    @Override
    public abstract void close();
}
