package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.Compression;
import dev.legends.image.ContentStore;
import dev.legends.image.StagedBlob;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive read in one pass. Which entry is a layer and which a config is only known once
 * manifest.json or index.json has been read, and docker puts those last; so every regular file is
 * staged as it streams by (hashed while copied, never read twice), and the archive is interpreted
 * afterwards. Closing discards every staged file that was not committed.
 */
final class ScannedArchive implements AutoCloseable {
    private static final int MAX_LINK_HOPS = 16;

    private final Map<String, StagedBlob> files = new LinkedHashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private final List<StagedBlob> adopted = new ArrayList<>();

    private ScannedArchive() {}

    /** Reads {@code in} (a tar, optionally gzip or zstd compressed) to its end, staging every file. */
    static ScannedArchive scan(InputStream in, ContentStore content) {
        ScannedArchive archive = new ScannedArchive();
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressing(in));
            TarArchiveEntry e;
            while ((e = nextEntry(tar)) != null) {
                String name = ArchivePaths.clean(e.getName());
                if (name.isEmpty() || e.isDirectory()) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    archive.links.put(name, ArchivePaths.resolveLink(name, e.getLinkName()));
                } else if (e.isLink()) {
                    archive.links.put(name, ArchivePaths.clean(e.getLinkName()));
                } else if (e.isFile()) {
                    StagedBlob blob = content.stage(tar, ArchivePaths.blobDigest(name), e.getSize());
                    StagedBlob previous = archive.files.put(name, blob);
                    if (previous != null) {
                        previous.close(); // a later entry of the same name wins, as tar extracts it
                    }
                    archive.links.remove(name);
                }
            }
            return archive;
        } catch (IOException e) {
            archive.close();
            throw readError(e);
        } catch (UncheckedIOException e) {
            archive.close();
            throw readError(e.getCause());
        } catch (RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    /** A header that does not parse is not a tar; a failing read of the source stays a read failure. */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw LegendsException.invalid("not a valid tar archive: " + e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof IllegalArgumentException || String.valueOf(e.getMessage()).contains("header")) {
                throw LegendsException.invalid("not a valid tar archive: " + e.getMessage());
            }
            throw e;
        }
    }

    private static LegendsException readError(IOException e) {
        String m = String.valueOf(e.getMessage());
        String why = e instanceof EOFException || m.contains("runcated") ? "truncated archive" : "read failed: " + m;
        return new LegendsException(ErrorKind.INVALID_ARGUMENT, why, e);
    }

    boolean has(String name) {
        return file(name) != null;
    }

    /** The staged file at {@code name}, following links; null if the archive has none. */
    StagedBlob file(String name) {
        String n = name;
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            StagedBlob f = files.get(n);
            if (f != null) {
                return f;
            }
            n = links.get(n);
            if (n == null) {
                return null;
            }
        }
        throw LegendsException.invalid("entry " + name + ": too many levels of links");
    }

    StagedBlob require(String name, String listedIn) {
        StagedBlob f = name == null ? null : file(ArchivePaths.clean(name));
        if (f == null) {
            throw LegendsException.invalid(name + " (listed in " + listedIn + ") is missing from the archive");
        }
        return f;
    }

    /** A small file read whole; refused above {@code max} bytes (a hostile archive's JSON can be huge). */
    static byte[] bytes(StagedBlob blob, String name, int max) {
        if (blob.size() > max) {
            throw LegendsException.invalid(name + ": " + blob.size() + " bytes, more than the " + max + " allowed");
        }
        try (InputStream in = blob.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "read " + name + ": " + e.getMessage(), e);
        }
    }

    <T> T json(String name, Class<T> type, int max) {
        StagedBlob f = require(name, "the archive layout");
        try {
            return Json.read(bytes(f, name, max), type);
        } catch (LegendsException e) {
            throw e.wrap(name);
        }
    }

    /** Keeps a blob made while interpreting the archive (a manifest), so close discards it on failure. */
    StagedBlob adopt(StagedBlob blob) {
        adopted.add(blob);
        return blob;
    }

    @Override
    public void close() {
        files.values().forEach(StagedBlob::close);
        adopted.forEach(StagedBlob::close);
    }
}
