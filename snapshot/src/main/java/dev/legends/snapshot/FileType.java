package dev.legends.snapshot;

/** The type of a file in a merged tree. */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET;

    static FileType of(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHAR_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> REGULAR;
        };
    }
}
