package dev.legends.snapshot.archive;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes tar members in the ustar layout, with a PAX header in front when a field does not fit
 * (long names and link targets, large ids, sizes or times) or the member has xattrs. Everything
 * else is fixed (empty user and group names, zero PAX header times), so the same members always
 * give the same bytes.
 */
final class TarWriter {
    private static final int BLOCK = TarReader.BLOCK;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final byte[] USTAR = {'u', 's', 't', 'a', 'r', 0};

    private final OutputStream out;
    private final byte[] header = new byte[BLOCK];
    private final byte[] buffer = new byte[1 << 20];

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void header(TarEntry e) throws IOException {
        byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
        byte[] link = e.linkName() == null ? new byte[0] : e.linkName().getBytes(StandardCharsets.UTF_8);
        long seconds = e.mtime().getEpochSecond();
        Map<String, byte[]> pax = new LinkedHashMap<>();
        if (name.length > 100) {
            pax.put("path", name);
        }
        if (link.length > 100) {
            pax.put("linkpath", link);
        }
        if (e.uid() > MAX_OCTAL_7) {
            pax.put("uid", Pax.bytes(Long.toString(e.uid())));
        }
        if (e.gid() > MAX_OCTAL_7) {
            pax.put("gid", Pax.bytes(Long.toString(e.gid())));
        }
        if (e.size() > MAX_OCTAL_11) {
            pax.put("size", Pax.bytes(Long.toString(e.size())));
        }
        if (seconds < 0 || seconds > MAX_OCTAL_11) {
            pax.put("mtime", Pax.bytes(Long.toString(seconds)));
        }
        e.xattrs().forEach((k, v) -> pax.put(Pax.XATTR + k, v));
        if (!pax.isEmpty()) {
            byte[] data = Pax.format(pax);
            String base = e.name().replaceAll("/+$", "");
            base = base.substring(base.lastIndexOf('/') + 1);
            byte[] paxName = ("PaxHeaders.0/" + base).getBytes(StandardCharsets.UTF_8);
            block(paxName, (byte) 'x', 0644, 0, 0, data.length, 0, new byte[0], 0, 0);
            out.write(data);
            pad(data.length);
        }
        block(name, e.type(), e.mode(), e.uid(), e.gid(), e.size(), seconds, link, e.devMajor(), e.devMinor());
    }

    /** Copies exactly {@code size} bytes of a file after its header, then the block padding. */
    void content(FileChannel ch, long size, String name) throws IOException {
        long left = size;
        while (left > 0) {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, left));
            int n = ch.read(b);
            if (n < 0) {
                throw LegendsException.precondition("file " + name + " shrank while it was being written");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        pad(size);
    }

    /** The end-of-archive marker: two zero blocks (as Go writes it, no padding to a 10 KiB record). */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
    }

    private void block(byte[] name, byte type, int mode, long uid, long gid, long size, long mtime, byte[] link,
            int major, int minor) throws IOException {
        Arrays.fill(header, (byte) 0);
        System.arraycopy(name, 0, header, 0, Math.min(name.length, 100));
        octal(mode, 100, 8);
        octal(uid > MAX_OCTAL_7 ? 0 : uid, 108, 8);
        octal(gid > MAX_OCTAL_7 ? 0 : gid, 116, 8);
        octal(size > MAX_OCTAL_11 ? 0 : size, 124, 12);
        octal(mtime < 0 || mtime > MAX_OCTAL_11 ? 0 : mtime, 136, 12);
        header[156] = type;
        System.arraycopy(link, 0, header, 157, Math.min(link.length, 100));
        System.arraycopy(USTAR, 0, header, 257, USTAR.length);
        header[263] = '0';
        header[264] = '0';
        octal(major, 329, 8);
        octal(minor, 337, 8);
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(sum, 148, 7); // six digits, NUL, and the space already there
        out.write(header);
    }

    /** Zero-padded octal in {@code len - 1} digits and a NUL, as Go and GNU tar write it. */
    private void octal(long value, int off, int len) {
        for (int i = off + len - 2; i >= off; i--) {
            header[i] = (byte) ('0' + (value & 7));
            value >>>= 3;
        }
        header[off + len - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int n = (int) TarReader.pad(size);
        if (n > 0) {
            out.write(new byte[n]);
        }
    }
}
