package dev.legends.image;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/** The content store on a local filesystem: an OCI image layout plus an ingest directory. */
final class FileContentStore implements ContentStore {
    static final String INDEX_FILE = "index.json";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    /** Older ingest files belong to a process that died; live writers finish well within this. */
    private static final Duration STALE_INGEST = Duration.ofHours(24);
    private static final int COPY_BUFFER = 1 << 20;

    private final Path dir;
    private final Path blobs;
    private final Path ingest;
    private final LayoutLock lock;

    private FileContentStore(Path dir) {
        this.dir = dir;
        this.blobs = dir.resolve("blobs").resolve("sha256");
        this.ingest = dir.resolve("ingest");
        this.lock = new LayoutLock(dir.resolve(".index.lock"));
    }

    static FileContentStore open(Path dir) {
        FileContentStore store = new FileContentStore(dir.toAbsolutePath().normalize());
        try {
            Files.createDirectories(store.blobs);
            Files.createDirectories(store.ingest);
            store.lock.run(store::initLayout);
            store.sweepStaleIngests();
        } catch (IOException | UncheckedIOException e) {
            throw LegendsException.unavailable("open content store " + dir + ": " + e.getMessage());
        }
        return store;
    }

    private void initLayout() {
        try {
            Path layout = dir.resolve(OciLayout.FILE);
            if (!Files.exists(layout)) {
                AtomicFiles.write(layout, Json.bytes(OciLayout.CURRENT));
            }
            Path index = dir.resolve(INDEX_FILE);
            if (!Files.exists(index)) {
                AtomicFiles.write(index, Json.bytes(ImageIndex.of(List.of())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sweepStaleIngests() throws IOException {
        Instant cutoff = Instant.now().minus(STALE_INGEST);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ingest)) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    LayoutLock lock() {
        return lock;
    }

    Path ingestDirectory() {
        return ingest;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    @Override
    public long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        try {
            Path p = path(digest);
            InputStream in = Files.newInputStream(p);
            return new VerifyingInputStream(in, digest, Files.size(p));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "blob " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(Digest digest, int maxBytes) {
        long size = size(digest);
        if (size > maxBytes) {
            throw LegendsException.invalid("blob " + digest + ": " + size + " bytes, more than the " + maxBytes + " allowed");
        }
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, e.getMessage(), e);
        }
    }

    @Override
    public Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    @Override
    public BlobWriter writer() {
        return writer(null, -1);
    }

    @Override
    public BlobWriter writer(Digest expected, long size) {
        try {
            return new IngestWriter(this, ingest.resolve(UUID.randomUUID().toString()), expected, size);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "create ingest file in " + ingest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code in} to its end into a staged blob. A failure to read is the caller's problem and
     * comes out as an {@link UncheckedIOException}; a failure to write is ours (INTERNAL).
     */
    @Override
    public StagedBlob stage(InputStream in, Digest expected, long size) {
        try (BlobWriter w = writer(expected, size)) {
            byte[] buf = new byte[COPY_BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (n < 0) {
                    break;
                }
                try {
                    w.write(buf, 0, n);
                } catch (IOException e) {
                    throw new LegendsException(ErrorKind.INTERNAL, "write blob: " + e.getMessage(), e);
                }
            }
            return w.finish();
        }
    }

    @Override
    public StagedBlob stage(byte[] content) {
        return stage(new java.io.ByteArrayInputStream(content), null, content.length);
    }

    @Override
    public Digest commit(StagedBlob blob) {
        lock.run(() -> commitAll(List.of(blob)));
        return blob.digest();
    }

    /** Moves staged blobs into place; callers hold the layout lock, so no sweep runs in between. */
    void commitAll(List<? extends StagedBlob> staged) {
        try {
            for (StagedBlob b : staged) {
                if (!(b instanceof IngestFile f) || !f.store().ingest.equals(ingest)) {
                    throw new IllegalArgumentException("blob " + b.digest() + " was staged by another store");
                }
                if (!f.isStaged()) {
                    continue;
                }
                Path target = path(f.digest());
                if (Files.exists(target)) {
                    f.close();
                } else {
                    try {
                        Files.move(f.file(), target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException raced) {
                        f.close();
                    }
                }
                f.markCommitted();
            }
            AtomicFiles.syncDirectory(blobs);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "commit blobs: " + e.getMessage(), e);
        }
    }

    /** Every blob digest in the store (for the sweep); files with foreign names are left alone. */
    Set<Digest> list() {
        Set<Digest> all = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (HEX.matcher(name).matches()) {
                    all.add(new Digest(name));
                }
            }
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "list blobs: " + e.getMessage(), e);
        }
        return all;
    }

    /** Deletes a blob; returns the bytes freed (0 if it was already gone). */
    long delete(Digest digest) {
        Path p = path(digest);
        try {
            long size = Files.size(p);
            Files.delete(p);
            return size;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "delete blob " + digest + ": " + e.getMessage(), e);
        }
    }

    private static LegendsException notFound(Digest digest) {
        return LegendsException.notFound("blob " + digest + ": not found");
    }
}
