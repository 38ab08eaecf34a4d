package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A finished ingest file; {@link FileContentStore#commit} moves it into blobs/sha256. */
final class IngestFile implements StagedBlob {
    private final FileContentStore store;
    private final Path file;
    private final Digest digest;
    private final long size;
    private enum State { STAGED, COMMITTED, DISCARDED }

    private volatile State state = State.STAGED;

    IngestFile(FileContentStore store, Path file, Digest digest, long size) {
        this.store = store;
        this.file = file;
        this.digest = digest;
        this.size = size;
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public long size() {
        return size;
    }

    FileContentStore store() {
        return store;
    }

    Path file() {
        return file;
    }

    boolean isStaged() {
        return state == State.STAGED;
    }

    void markCommitted() {
        state = State.COMMITTED;
    }

    @Override
    public InputStream open() {
        if (state == State.COMMITTED) {
            return store.open(digest);
        }
        if (state == State.DISCARDED) {
            throw new IllegalStateException("staged blob " + digest + " was discarded");
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "read staged blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (state != State.STAGED) {
            return;
        }
        state = State.DISCARDED;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // swept when the store is next opened
        }
    }

    @Override
    public String toString() {
        return digest + " (" + size + " bytes, staged)";
    }
}
