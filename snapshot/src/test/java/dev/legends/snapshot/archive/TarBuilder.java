package dev.legends.snapshot.archive;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds test layers with commons-compress, an implementation independent of the one under test,
 * and one that happily writes hostile names.
 */
public final class TarBuilder {
    private record Member(TarArchiveEntry entry, byte[] content) {}

    private final List<Member> members = new ArrayList<>();
    private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;

    public static TarBuilder tar() {
        return new TarBuilder();
    }

    public TarBuilder gnuLongNames() {
        longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
        return this;
    }

    public TarBuilder file(String name, String content) {
        return file(name, content, 0644, e -> { });
    }

    public TarBuilder file(String name, String content, int mode, Consumer<TarArchiveEntry> tweak) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, name.startsWith("/"));
        e.setSize(data.length);
        e.setMode(0100000 | mode);
        e.setModTime(Date.from(Instant.parse("2020-01-02T03:04:05Z")));
        tweak.accept(e);
        members.add(new Member(e, data));
        return this;
    }

    public TarBuilder dir(String name) {
        return dir(name, 0755);
    }

    public TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        e.setMode(040000 | mode);
        e.setModTime(Date.from(Instant.parse("2020-01-02T03:04:05Z")));
        members.add(new Member(e, new byte[0]));
        return this;
    }

    public TarBuilder symlink(String name, String target) {
        return symlink(name, target, Instant.parse("2020-01-02T03:04:05Z"));
    }

    public TarBuilder symlink(String name, String target, Instant mtime) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setModTime(Date.from(mtime));
        members.add(new Member(e, new byte[0]));
        return this;
    }

    public TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, target.startsWith("/"));
        e.setLinkName(target);
        members.add(new Member(e, new byte[0]));
        return this;
    }

    public TarBuilder charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(020000 | 0666);
        members.add(new Member(e, new byte[0]));
        return this;
    }

    public TarBuilder fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        e.setMode(010000 | 0600);
        members.add(new Member(e, new byte[0]));
        return this;
    }

    /** The plain tar, padded to a 10 KiB record as commons-compress and GNU tar do. */
    public byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(longFileMode);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Member m : members) {
                out.putArchiveEntry(m.entry);
                out.write(m.content);
                out.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] zstd(byte[] tar) {
        return Zstd.compress(tar);
    }
}
