package dev.legends.snapshot.archive;

import java.time.Instant;
import java.util.Map;

/**
 * One tar member, as the reader hands it out and the writer takes it: the name as written
 * (before any cleaning) and extended attributes as raw bytes, since values such as
 * {@code security.capability} are binary.
 */
record TarEntry(String name, byte type, int mode, long uid, long gid, long size, Instant mtime,
        String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {
    static final byte REGULAR = '0';
    static final byte HARDLINK = '1';
    static final byte SYMLINK = '2';
    static final byte CHAR = '3';
    static final byte BLOCK = '4';
    static final byte DIRECTORY = '5';
    static final byte FIFO = '6';

    boolean isDirectory() {
        return type == DIRECTORY;
    }

    /** A short description for error messages: "symlink etc/x", "char device dev/null". */
    String describe() {
        String kind = switch (type) {
            case REGULAR -> "file";
            case HARDLINK -> "hard link";
            case SYMLINK -> "symlink";
            case CHAR -> "char device";
            case BLOCK -> "block device";
            case DIRECTORY -> "directory";
            case FIFO -> "fifo";
            default -> "entry";
        };
        return kind + " " + name;
    }
}
