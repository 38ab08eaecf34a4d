package dev.legends.snapshot;

import static dev.legends.snapshot.archive.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pure-Java merged view against the kernel's overlay of the same three layers. */
class MergedViewTest extends MountedTest {
    private Snapshotter snapshots;
    private Digest top;

    @BeforeEach
    void threeLayers() {
        snapshots = Snapshotter.overlay(tmp.resolve("s"));
        Digest l0 = apply(null, tar()
                .dir("a").file("a/1.txt", "one").file("a/2.txt", "two")
                .dir("b").file("b/x", "x")
                .dir("c").dir("c/deep").file("c/deep/f", "f")
                .file("d.txt", "d")
                .symlink("link", "a/1.txt")
                .dir("e").file("e/inner", "i")
                .file("secret", "s", 0600, e -> { })
                .fifo("pipe")
                .build());
        Digest l1 = apply(l0, tar()
                .file(".wh.d.txt", "")
                .file("a/3.txt", "three")
                .dir("b", 0700).file("b/.wh..wh..opq", "").file("b/y", "yy")
                .file("c/deep/.wh.f", "")
                .file("e", "now a file")
                .file("f.txt", "f")
                .build());
        top = apply(l1, tar()
                .file("a/.wh.2.txt", "")
                .file("a/1.txt", "ONE!", 0600, e -> { })
                .dir("d.txt", 0711).file("d.txt/inner", "in")
                .symlink("link2", "/a")
                .file("b/z", "zzz")
                .dir("e").file("e/new", "n")
                .build());
    }

    @Test
    void walkingTheViewGivesWhatTheKernelMountShows() throws IOException {
        Path mnt = mount(snapshots.view("v", top));
        Set<String> kernel = walkMount(mnt);
        Set<String> java = new HashSet<>();
        snapshots.mergedView(top).walk(e -> java.add(e.path() + " " + e.type() + " " + e.size() + " " + Integer.toOctalString(e.mode())));
        assertThat(java).isEqualTo(kernel);
        // /b comes out 0755: the top layer made it implicitly for b/z, and the top-most directory wins
        assertThat(java).contains(
                "/a/1.txt REGULAR 4 600", "/a/3.txt REGULAR 5 644", "/b DIRECTORY 0 755", "/b/y REGULAR 2 644",
                "/b/z REGULAR 3 644", "/c/deep DIRECTORY 0 755", "/d.txt DIRECTORY 0 711", "/e/new REGULAR 1 644",
                "/link2 SYMLINK 2 777", "/pipe FIFO 0 600");
        assertThat(java).noneMatch(s -> s.startsWith("/a/2.txt") || s.startsWith("/b/x") || s.startsWith("/c/deep/f")
                || s.startsWith("/e/inner"));
    }

    @Test
    void statAndListSayWhichLayerProvidesAFile() {
        MergedView view = snapshots.mergedView(top);
        assertThat(view.stat("/a/1.txt").orElseThrow().layer()).isZero();
        assertThat(view.stat("/b/y").orElseThrow().layer()).isEqualTo(1);
        assertThat(view.stat("/secret").orElseThrow().layer()).isEqualTo(2);
        assertThat(view.stat("/a/2.txt")).isEmpty();
        assertThat(view.stat("/link").orElseThrow().linkTarget()).isEqualTo("a/1.txt");
        assertThat(view.stat("/link2/3.txt").orElseThrow().path()).isEqualTo("/a/3.txt");
        assertThat(view.stat("/").orElseThrow().type()).isEqualTo(FileType.DIRECTORY);
        assertThat(view.list("/a")).extracting(MergedEntry::path).containsExactly("/a/1.txt", "/a/3.txt");
        assertThat(view.list("/e")).extracting(MergedEntry::path).containsExactly("/e/new");
        assertThatThrownBy(() -> view.list("/f.txt")).hasMessage("not a directory: /f.txt");
        assertThatThrownBy(() -> view.list("/nope")).hasMessage("no such file or directory: /nope");
    }

    private Digest apply(Digest parent, byte[] layer) {
        return Digest.parse(snapshots.applyLayer(parent, new ByteArrayInputStream(layer)).name());
    }

    private static Set<String> walkMount(Path mnt) throws IOException {
        Set<String> out = new HashSet<>();
        Files.walkFileTree(mnt, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(mnt)) {
                    add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                add(file);
                return FileVisitResult.CONTINUE;
            }

            private void add(Path p) throws IOException {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                int mode = (int) a.get("mode");
                FileType type = FileType.of(mode);
                long size = type == FileType.REGULAR || type == FileType.SYMLINK ? (long) a.get("size") : 0;
                out.add("/" + mnt.relativize(p) + " " + type + " " + size + " " + Integer.toOctalString(mode & 07777));
            }
        });
        return out;
    }
}
