package dev.legends.image;

import dev.legends.core.Digest;
import java.io.InputStream;

/**
 * Verified, fsynced content waiting in the ingest directory. Closing a blob that was never
 * committed deletes it, so a failed load leaves no ingest files behind.
 */
public interface StagedBlob extends AutoCloseable {
    Digest digest();

    long size();

    /** Reads the staged content (for example to parse a config before committing it). */
    InputStream open();

    @Override
    void close();
}
