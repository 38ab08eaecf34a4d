package dev.legends.image.archive;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes archive entries the same way every time: owner root, fixed modes, the epoch as mtime,
 * PAX headers for long names, so the same images always save to the same bytes.
 */
final class TarWriter {
    private final TarArchiveOutputStream tar;
    private final Set<String> written = new HashSet<>();

    TarWriter(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    boolean has(String name) {
        return written.contains(name);
    }

    void directory(String name) throws IOException {
        TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", 0);
        e.setMode(0040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    void file(String name, byte[] content) throws IOException {
        tar.putArchiveEntry(entry(name, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    void file(String name, String content) throws IOException {
        file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies exactly {@code size} bytes of {@code in}: the header has promised that many. */
    void file(String name, long size, InputStream in) throws IOException {
        tar.putArchiveEntry(entry(name, size));
        byte[] buf = new byte[1 << 20];
        long left = size;
        while (left > 0) {
            int n = read(in, buf, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new LegendsException(ErrorKind.INTERNAL, name + ": content ended " + left + " bytes early", null);
            }
            tar.write(buf, 0, n);
            left -= n;
        }
        // read to EOF, so that a verifying stream gets to check the digest
        if (read(in, buf, 1) >= 0) {
            throw new LegendsException(ErrorKind.INTERNAL, name + ": content is longer than " + size + " bytes", null);
        }
        tar.closeArchiveEntry();
    }

    /** A failure to read is the store's (a corrupt blob), unlike a failure to write the archive. */
    private static int read(InputStream in, byte[] buf, int len) {
        try {
            return in.read(buf, 0, len);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, e.getMessage(), e);
        }
    }

    /** Ends the archive without closing the caller's stream. */
    void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    private TarArchiveEntry entry(String name, long size) {
        written.add(name);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
        e.setModTime(0);
        return e;
    }
}
