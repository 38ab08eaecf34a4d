package dev.legends.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds small tars in memory for tests: files, directories, symlinks, raw names. */
public final class TestTars {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    public static TestTars tar() {
        return new TestTars();
    }

    public TestTars dir(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(0040755);
        return add(e, new byte[0]);
    }

    public TestTars file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestTars file(String name, byte[] content) {
        return file(name, content, 0644);
    }

    public TestTars file(String name, byte[] content, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, true); // preserve the name as given, even "../x"
        e.setSize(content.length);
        e.setMode(0100000 | mode);
        return add(e, content);
    }

    /** A file of {@code size} bytes of filler. */
    public TestTars file(String name, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return file(name, b);
    }

    public TestTars symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0120777);
        return add(e, new byte[0]);
    }

    /** An overlay whiteout hiding {@code dir/name} from the layers below. */
    public TestTars whiteout(String dir, String name) {
        return file((dir.isEmpty() ? "" : dir + "/") + ".wh." + name, new byte[0]);
    }

    private TestTars add(TarArchiveEntry e, byte[] content) {
        e.setModTime(0);
        entries.add(e);
        contents.add(content);
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
