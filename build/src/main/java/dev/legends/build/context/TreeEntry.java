package dev.legends.build.context;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/** An entry under a source: its path relative to the source ({@code ""} for the source itself). */
public record TreeEntry(String rel, Path path, PosixFileAttributes attrs) {

    /** Permission bits with setuid, setgid and sticky, which {@link PosixFileAttributes} leaves out. */
    public int mode() {
        return Modes.of(path, attrs);
    }
}
