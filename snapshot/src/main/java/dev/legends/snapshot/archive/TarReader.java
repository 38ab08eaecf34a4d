package dev.legends.snapshot.archive;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Reads tar members from the uncompressed stream: ustar, GNU long names and PAX headers (local
 * and global). Header numbers and checksums are decoded by commons-compress; names and PAX
 * records are kept byte-exact here. Sparse files and other exotic types are refused.
 */
final class TarReader {
    static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private final Map<String, byte[]> global = new HashMap<>();
    private long offset;
    private long remaining;
    private long padding;
    private String current = "";

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member, or null at the end of the archive. */
    TarEntry next() throws IOException {
        skipContent();
        Map<String, byte[]> pax = new HashMap<>(global);
        String longName = null;
        String longLink = null;
        while (true) {
            long at = offset;
            if (!readBlock(header, at == 0)) {
                return null; // the stream ended on a block boundary without a trailer, as Go allows
            }
            if (isZero(header)) {
                return null;
            }
            if (!checksumOk(header)) {
                throw LegendsException.invalid(at == 0 ? "not a tar archive (bad header checksum)"
                        : "invalid tar header at byte " + at + " (bad checksum)");
            }
            byte type = header[156];
            long size = number(124, 12, at);
            switch (type) {
                case 'x' -> pax.putAll(Pax.parse(meta(size, "PAX header")));
                case 'g' -> {
                    Map<String, byte[]> g = Pax.parse(meta(size, "PAX global header"));
                    global.putAll(g);
                    pax.putAll(g);
                }
                case 'L' -> longName = cString(meta(size, "GNU long name"));
                case 'K' -> longLink = cString(meta(size, "GNU long link"));
                default -> {
                    return member(type, size, pax, longName, longLink, at);
                }
            }
        }
    }

    /** Reads content of the current member; -1 at its end. */
    int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw LegendsException.invalid("truncated tar: " + current + " ends " + remaining + " bytes early");
        }
        remaining -= n;
        offset += n;
        return n;
    }

    private TarEntry member(byte type, long size, Map<String, byte[]> pax, String longName, String longLink,
            long at) throws IOException {
        // an empty record cancels a global one; an empty xattr is a value like any other
        pax.entrySet().removeIf(r -> r.getValue().length == 0 && !r.getKey().startsWith(Pax.XATTR));
        for (String key : pax.keySet()) {
            if (key.startsWith("GNU.sparse.")) {
                throw LegendsException.invalid("sparse tar entries are not supported (at byte " + at + ")");
            }
        }
        String name = pax.containsKey("path") ? Pax.text(pax.get("path"))
                : longName != null ? longName : ustarName();
        String link = pax.containsKey("linkpath") ? Pax.text(pax.get("linkpath"))
                : longLink != null ? longLink : field(157, 100);
        byte kind = switch (type) {
            case 0, '0', '7' -> name.endsWith("/") ? TarEntry.DIRECTORY : TarEntry.REGULAR;
            case '1', '2', '3', '4', '5', '6' -> type;
            default -> throw LegendsException.invalid("unsupported tar entry type '" + (char) type
                    + "' for " + name);
        };
        if (pax.containsKey("size")) {
            size = decimal(pax.get("size"), "size", name);
        }
        long uid = pax.containsKey("uid") ? decimal(pax.get("uid"), "uid", name) : number(108, 8, at);
        long gid = pax.containsKey("gid") ? decimal(pax.get("gid"), "gid", name) : number(116, 8, at);
        Instant mtime = pax.containsKey("mtime") ? time(pax.get("mtime"), name)
                : Instant.ofEpochSecond(number(136, 12, at));
        int mode = (int) (number(100, 8, at) & 07777);
        boolean device = kind == TarEntry.CHAR || kind == TarEntry.BLOCK;
        int major = device ? (int) number(329, 8, at) : 0;
        int minor = device ? (int) number(337, 8, at) : 0;
        Map<String, byte[]> xattrs = new TreeMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith(Pax.XATTR) && k.length() > Pax.XATTR.length()) {
                xattrs.put(k.substring(Pax.XATTR.length()), v);
            }
        });
        if (size < 0) {
            throw LegendsException.invalid("negative size for " + name);
        }
        // as Go's reader, which wrote most layers: only regular files carry data, whatever the size
        // field of a link or directory says
        long data = kind == TarEntry.REGULAR ? size : 0;
        remaining = data;
        padding = pad(data);
        current = name;
        return new TarEntry(name, kind, mode, uid, gid, data, mtime, link, major, minor, xattrs);
    }

    private void skipContent() throws IOException {
        long skip = remaining + padding;
        remaining = 0;
        padding = 0;
        while (skip > 0) {
            long n = in.skip(skip);
            if (n <= 0) {
                throw LegendsException.invalid("truncated tar: " + current + " ends " + skip + " bytes early");
            }
            skip -= n;
            offset += n;
        }
    }

    private byte[] meta(long size, String what) throws IOException {
        if (size < 0 || size > MAX_META) {
            throw LegendsException.invalid(what + " of " + size + " bytes at byte " + offset
                    + " is larger than " + MAX_META);
        }
        byte[] data = new byte[(int) size];
        int n = 0;
        while (n < data.length) {
            int r = in.read(data, n, data.length - n);
            if (r < 0) {
                throw LegendsException.invalid("truncated tar: " + what + " cut short");
            }
            n += r;
        }
        offset += n;
        padding = pad(size);
        skipContent();
        return data;
    }

    private boolean readBlock(byte[] block, boolean first) throws IOException {
        int n = 0;
        while (n < BLOCK) {
            int r = in.read(block, n, BLOCK - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        offset += n;
        if (n == 0) {
            if (first) {
                throw LegendsException.invalid("empty layer: not a tar archive");
            }
            return false;
        }
        if (n < BLOCK) {
            throw LegendsException.invalid("truncated tar: header at byte " + (offset - n) + " cut short");
        }
        return true;
    }

    private static boolean checksumOk(byte[] block) {
        try {
            return TarUtils.verifyCheckSum(block);
        } catch (IllegalArgumentException e) {
            return false; // the checksum field is not even a number
        }
    }

    private String ustarName() {
        String name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private long number(int off, int len, long at) {
        try {
            return TarUtils.parseOctalOrBinary(header, off, len);
        } catch (IllegalArgumentException e) {
            throw LegendsException.invalid("invalid number in tar header at byte " + at + ": " + e.getMessage());
        }
    }

    private static long decimal(byte[] value, String key, String name) {
        try {
            return Long.parseLong(Pax.text(value));
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("invalid PAX " + key + " for " + name + ": " + Pax.text(value));
        }
    }

    private static Instant time(byte[] value, String name) {
        try {
            BigDecimal t = new BigDecimal(Pax.text(value));
            long seconds = t.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            int nanos = t.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            throw LegendsException.invalid("invalid PAX mtime for " + name + ": " + Pax.text(value));
        }
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
