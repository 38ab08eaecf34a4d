package dev.legends.snapshot.archive;

/** How a layer blob is compressed. OCI layers are plain, gzip or zstd tars and nothing else. */
public enum Compression {
    NONE, GZIP, ZSTD;

    /** The compression the first bytes of a blob announce; NONE when no known magic matches. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The OCI media type suffix ("", "+gzip", "+zstd") the image layer uses for a blob. */
    public String mediaTypeSuffix() {
        return switch (this) {
            case NONE -> "";
            case GZIP -> "+gzip";
            case ZSTD -> "+zstd";
        };
    }
}
