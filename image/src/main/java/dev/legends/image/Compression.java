package dev.legends.image;

import dev.legends.image.oci.MediaTypes.LayerCompression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Recognises and undoes the compressions layers and archives come in. */
public final class Compression {
    private static final int BUFFER = 1 << 16;

    private Compression() {}

    /** What the first bytes say; the stream must support mark (it is reset to where it was). */
    public static LayerCompression sniff(InputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return LayerCompression.GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return LayerCompression.ZSTD;
        }
        return LayerCompression.NONE;
    }

    /** {@code in} decompressed as its first bytes say (unchanged, but buffered, when plain). */
    public static InputStream decompressing(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        return decompress(buffered, sniff(buffered));
    }

    public static InputStream decompress(InputStream in, LayerCompression compression) throws IOException {
        return switch (compression) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdCompressorInputStream(in);
        };
    }
}
