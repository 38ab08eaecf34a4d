package dev.legends.build.context;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Local tar archives for ADD. Like docker, a file is an archive because of what it holds (a
 * compression magic number, then a valid tar header), never because of its name.
 */
final class Archives {
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};
    private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

    private Archives() {}

    static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = open(file)) {
            byte[] header = in.readNBytes(512);
            return header.length == 512 && (TarArchiveInputStream.matches(header, header.length) || checksumOk(header));
        } catch (IOException | RuntimeException e) {
            return false; // not decompressible, so not an archive: ADD copies it as it is
        }
    }

    private static boolean checksumOk(byte[] header) {
        return header[0] != 0 && TarUtils.verifyCheckSum(header);
    }

    /** The file's bytes, decompressed if they start with a known magic number. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        raw.mark(8);
        byte[] magic = raw.readNBytes(6);
        raw.reset();
        try {
            return switch (compression(magic).orElse("none")) {
                case "gzip" -> GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get();
                case "bzip2" -> new BZip2CompressorInputStream(raw, true);
                case "xz" -> XZCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get();
                default -> raw;
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static Optional<String> compression(byte[] magic) {
        if (startsWith(magic, GZIP)) {
            return Optional.of("gzip");
        }
        if (startsWith(magic, BZIP2)) {
            return Optional.of("bzip2");
        }
        return startsWith(magic, XZ) ? Optional.of("xz") : Optional.empty();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Unpacks into the directory {@code dest} of the rootfs. Entry paths are cleaned as if rooted
     * at {@code dest}, so {@code ../} cannot climb out; owners come from the archive unless
     * {@code chown} is given.
     */
    static void extract(Path file, TargetWriter w, String dest, Optional<Owner> chown) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(open(file))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = CleanPath.clean("/" + e.getName());
                if (name.equals("/")) {
                    continue;
                }
                String path = dest + name;
                Owner owner = chown.orElse(new Owner((int) e.getLongUserId(), (int) e.getLongGroupId()));
                Owner parents = chown.orElse(Owner.ROOT);
                Path t;
                if (e.isDirectory()) {
                    t = w.directory(path, parents);
                } else if (e.isSymbolicLink()) {
                    t = w.place(path, parents, true);
                    Files.createSymbolicLink(t, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Path target = RootPath.resolve(w.root(), dest + CleanPath.clean("/" + e.getLinkName()));
                    t = w.place(path, parents, true);
                    Files.createLink(t, target);
                    continue;
                } else if (e.isFile()) {
                    t = w.place(path, parents, true);
                    Files.copy(tar, t);
                } else {
                    continue; // devices and fifos: a build has no use for them
                }
                w.meta(t, owner, e.getMode() & 07777, e.getLastModifiedTime(), e.isSymbolicLink());
            }
        }
    }
}
