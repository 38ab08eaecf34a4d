package dev.legends.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How to mount a snapshot: an overlay of lower dirs (top first) with an optional upper and work
 * dir, or a bind mount of one directory when overlayfs cannot or need not be used (a writable
 * snapshot with no parent; a view of a single layer, which older kernels refuse as an overlay with
 * one lowerdir and no upper).
 *
 * @param type "overlay" or "bind"
 * @param source the directory a bind mount shows; null for overlay
 */
public record Mount(String type, Path source, List<Path> lowerDirs, Path upperDir, Path workDir, boolean readOnly) {
    public static final String OVERLAY = "overlay";
    public static final String BIND = "bind";

    /**
     * Switched off explicitly, so that a host whose kernel turns them on by default still writes
     * an upper dir the layer writer understands: no inode index, no renamed-directory redirects
     * and no metadata-only copy-ups (which would leave file data in a lower dir).
     */
    static final String FEATURES = "index=off,redirect_dir=off,metacopy=off";

    public Mount {
        lowerDirs = List.copyOf(lowerDirs);
    }

    static Mount overlay(List<Path> lowerDirs, Path upperDir, Path workDir) {
        return new Mount(OVERLAY, null, lowerDirs, upperDir, workDir, upperDir == null);
    }

    static Mount bind(Path source, boolean readOnly) {
        return new Mount(BIND, source, List.of(), null, null, readOnly);
    }

    /** The data string mount(2) gets: overlay's options, or the bind flags in fstab form. */
    public String options() {
        if (type.equals(BIND)) {
            return readOnly ? "rbind,ro" : "rbind,rw";
        }
        StringBuilder b = new StringBuilder(FEATURES).append(",lowerdir=")
                .append(lowerDirs.stream().map(Path::toString).collect(Collectors.joining(":")));
        if (upperDir != null) {
            b.append(",upperdir=").append(upperDir).append(",workdir=").append(workDir);
        }
        return b.toString();
    }
}
