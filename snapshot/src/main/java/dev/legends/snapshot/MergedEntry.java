package dev.legends.snapshot;

/**
 * One file as the merged view shows it.
 *
 * @param path absolute inside the image ("/etc/passwd"; "/" for the root)
 * @param size bytes of a regular file, length of a symlink's target, 0 for the rest
 * @param mode the permission bits, setuid/setgid/sticky included (no type bits)
 * @param linkTarget the target of a symlink, null otherwise
 * @param layer which layer provides it: 0 for the top of the stack the view was made from
 */
public record MergedEntry(String path, FileType type, long size, int mode, long uid, long gid, String linkTarget,
        int layer) {}
