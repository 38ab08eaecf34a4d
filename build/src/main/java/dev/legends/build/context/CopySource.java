package dev.legends.build.context;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * One source of a COPY or ADD after wildcards are expanded: the entry on the host, its path in
 * its tree (the context, or a stage's rootfs) and the name it gets under a directory destination.
 */
public record CopySource(Path path, String rel, String name) {

    public boolean isDirectory() {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The kind docker puts in history text: {@code file:}, {@code dir:}. */
    public String kind() {
        return isDirectory() ? "dir" : "file";
    }
}
