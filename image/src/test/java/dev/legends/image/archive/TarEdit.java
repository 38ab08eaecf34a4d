package dev.legends.image.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Rewrites an archive entry by entry, to make the damaged and hostile archives tests need. */
final class TarEdit {
    /** One entry; an edit returns it changed, or null to drop it. */
    record Entry(TarArchiveEntry header, byte[] content) {
        String name() {
            return header.getName();
        }

        Entry withContent(byte[] c) {
            header.setSize(c.length);
            return new Entry(header, c);
        }
    }

    private TarEdit() {}

    static List<Entry> read(byte[] tar) {
        List<Entry> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(new Entry(e, in.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static byte[] write(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                tar.putArchiveEntry(e.header());
                tar.write(e.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] edit(byte[] tar, UnaryOperator<Entry> edit) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : read(tar)) {
            Entry changed = edit.apply(e);
            if (changed != null) {
                out.add(changed);
            }
        }
        return write(out);
    }

    /** The archive with {@code extra} put first. */
    static byte[] prepend(byte[] tar, Entry extra) {
        List<Entry> all = new ArrayList<>();
        all.add(extra);
        all.addAll(read(tar));
        return write(all);
    }

    static Entry file(String name, byte[] content) {
        TarArchiveEntry h = new TarArchiveEntry(name, true);
        h.setSize(content.length);
        return new Entry(h, content);
    }

    static Entry symlink(String name, String target) {
        TarArchiveEntry h = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        h.setLinkName(target);
        return new Entry(h, new byte[0]);
    }
}
