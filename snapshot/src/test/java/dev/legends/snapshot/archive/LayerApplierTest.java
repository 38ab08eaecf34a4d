package dev.legends.snapshot.archive;

import static dev.legends.snapshot.archive.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.Digest;
import dev.legends.linux.Syscalls;
import dev.legends.linux.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
    private static final Instant OLD = Instant.parse("2001-02-03T04:05:06Z");

    @TempDir
    Path tmp;

    @Test
    void appliesEveryKindOfEntryWithItsMetadata() throws IOException {
        String longName = "deep/" + "n".repeat(150);
        byte[] layer = tar()
                .dir("etc", 0750)
                .file("etc/conf", "setting=1", 0640, e -> {
                    e.setIds(1000, 1001);
                    e.addPaxHeader("SCHILY.xattr.user.note", "hi");
                })
                .hardlink("etc/conf2", "etc/conf")
                .symlink("etc/link", "conf/")
                .file("bin/su", "#!", 04755, e -> { })
                .dir("tmp", 01777)
                .dir("shared", 02775)
                .file("shared/f", "x", 0644, e -> { })
                .fifo("run/fifo")
                .charDevice("dev/null", 1, 3)
                .file(longName, "long", 0644, e -> { })
                .build();
        Path dest = tmp.resolve("root");
        Applied applied = LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay().withDevices());

        assertThat(applied.diffId()).isEqualTo(Digest.of(layer));
        assertThat(applied.size()).isEqualTo("setting=1".length() + 2 + 1 + 4);
        assertThat(Files.readString(dest.resolve("etc/conf"))).isEqualTo("setting=1");
        assertThat(mode(dest.resolve("etc"))).isEqualTo(0750);
        assertThat(mode(dest.resolve("etc/conf"))).isEqualTo(0640);
        assertThat(attr(dest.resolve("etc/conf"), "uid")).isEqualTo(1000);
        assertThat(attr(dest.resolve("etc/conf"), "gid")).isEqualTo(1001);
        assertThat(Xattrs.lgetxattr(dest.resolve("etc/conf"), "user.note")).hasValue("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(attr(dest.resolve("etc/conf2"), "ino")).isEqualTo(attr(dest.resolve("etc/conf"), "ino"));
        assertThat(Syscalls.readlink(dest.resolve("etc/link"))).isEqualTo("conf/");
        assertThat(mode(dest.resolve("bin/su"))).isEqualTo(04755);
        assertThat(mode(dest.resolve("tmp"))).isEqualTo(01777);
        assertThat(mode(dest.resolve("shared"))).isEqualTo(02775);
        assertThat(attr(dest.resolve("shared/f"), "gid")).isEqualTo(0);
        assertThat(attr(dest.resolve("run/fifo"), "mode")).isEqualTo(010600);
        long rdev = ((Number) attr(dest.resolve("dev/null"), "rdev")).longValue();
        assertThat(Syscalls.major(rdev)).isEqualTo(1);
        assertThat(Syscalls.minor(rdev)).isEqualTo(3);
        assertThat(Files.readString(dest.resolve(longName))).isEqualTo("long");
        assertThat(Files.getLastModifiedTime(dest.resolve("etc")).toInstant()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
    }

    @Test
    void symlinkAndDirectoryMtimesAreKept() throws IOException {
        byte[] layer = tar()
                .dir("d")
                .file("d/f", "x", 0644, e -> e.setModTime(Date.from(OLD)))
                .symlink("d/l", "f", OLD.plusSeconds(60))
                .build();
        Path dest = tmp.resolve("root");
        LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay());
        assertThat(Files.getLastModifiedTime(dest.resolve("d/f")).toInstant()).isEqualTo(OLD);
        assertThat(Files.getLastModifiedTime(dest.resolve("d/l"), LinkOption.NOFOLLOW_LINKS).toInstant())
                .isEqualTo(OLD.plusSeconds(60));
        assertThat(Files.getLastModifiedTime(dest.resolve("d")).toInstant())
                .as("set after d/f and d/l were written into it").isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
    }

    @Test
    void gnuLongNamesWork() throws IOException {
        String name = "x/" + "g".repeat(200);
        byte[] layer = tar().gnuLongNames().file(name, "gnu").symlink("l", "t".repeat(150)).build();
        Path dest = tmp.resolve("root");
        LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay());
        assertThat(Files.readString(dest.resolve(name))).isEqualTo("gnu");
        assertThat(Syscalls.readlink(dest.resolve("l"))).isEqualTo("t".repeat(150));
    }

    @Test
    void gzipAndZstdLayersApplyWithTheDiffIdOfThePlainTar() throws IOException {
        byte[] plain = tar().dir("d").file("d/f", "content ".repeat(1000)).build();
        Digest expected = Digest.of(plain);
        for (byte[] blob : new byte[][] {plain, TarBuilder.gzip(plain), TarBuilder.zstd(plain)}) {
            Path dest = Files.createTempDirectory(tmp, "layer").resolve("root");
            Applied a = LayerApplier.apply(new ByteArrayInputStream(blob), dest, ApplyOptions.overlay().expecting(expected));
            assertThat(a.diffId()).isEqualTo(expected);
            assertThat(Files.readString(dest.resolve("d/f"))).isEqualTo("content ".repeat(1000));
        }
    }

    @Test
    void aWrongDiffIdLeavesNothing() {
        byte[] plain = tar().file("f", "x").build();
        Digest wrong = Digest.of(new byte[0]);
        Path dest = tmp.resolve("root");
        assertThatThrownBy(() -> LayerApplier.apply(new ByteArrayInputStream(plain), dest,
                ApplyOptions.overlay().expecting(wrong)))
                .hasMessage("apply layer " + wrong + ": content has diff id " + Digest.of(plain));
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void overlayModeWritesWhiteoutsAsTheKernelDoes() throws IOException {
        byte[] layer = tar().dir("d").file(".wh.gone", "").file("d/.wh..wh..opq", "").file("d/keep", "k")
                .file("sub/.wh.x", "").build();
        Path dest = tmp.resolve("root");
        LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay());
        assertThat(attr(dest.resolve("gone"), "mode")).isEqualTo(Syscalls.S_IFCHR);
        assertThat(attr(dest.resolve("gone"), "rdev")).isEqualTo(0L);
        assertThat(attr(dest.resolve("sub/x"), "mode")).isEqualTo(Syscalls.S_IFCHR);
        assertThat(Xattrs.lgetxattr(dest.resolve("d"), "trusted.overlay.opaque")).hasValue(new byte[] {'y'});
        assertThat(Files.readString(dest.resolve("d/keep"))).isEqualTo("k");
        try (Stream<Path> s = Files.list(dest)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("d", "gone", "sub");
        }
    }

    @Test
    void aWhiteoutAndAnEntryOfTheSameNameInOneLayerMakeAnOpaqueDirectory() throws IOException {
        byte[] layer = tar().file(".wh.d", "").dir("d").file("d/new", "n")
                .dir("e").file("e/f", "f").file(".wh.e", "")
                .file("g", "g").file(".wh.g", "").build();
        Path dest = tmp.resolve("root");
        LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay());
        for (String dir : new String[] {"d", "e"}) {
            assertThat(Files.isDirectory(dest.resolve(dir), LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(Xattrs.lgetxattr(dest.resolve(dir), "trusted.overlay.opaque")).hasValue(new byte[] {'y'});
        }
        assertThat(Files.readString(dest.resolve("d/new"))).isEqualTo("n");
        assertThat(Files.readString(dest.resolve("e/f"))).isEqualTo("f");
        assertThat(Files.readString(dest.resolve("g"))).isEqualTo("g");
    }

    @Test
    void mergeModeDeletesAndEmptiesButSparesTheLayersOwnEntries() throws IOException {
        Path dest = tmp.resolve("root");
        LayerApplier.apply(new ByteArrayInputStream(tar().file("a", "a").file("b", "b").dir("d").file("d/x", "x")
                .symlink("d/y", "/etc").build()), dest, ApplyOptions.merge());
        byte[] upper = tar().file(".wh.a", "").file("d/new1", "1").file("d/.wh..wh..opq", "").file("d/new2", "2")
                .file(".wh.notthere", "").file("gone/.wh.x", "").build();
        LayerApplier.apply(new ByteArrayInputStream(upper), dest, ApplyOptions.merge());
        try (Stream<Path> s = Files.walk(dest)) {
            assertThat(s.map(p -> dest.relativize(p).toString()))
                    .containsExactlyInAnyOrder("", "b", "d", "d/new1", "d/new2");
        }
    }

    @Test
    void laterEntriesReplaceEarlierOnes() throws IOException {
        byte[] layer = tar().file("x", "file").dir("x").file("x/y", "inside")
                .dir("z").file("z/old", "o").file("z", "now a file")
                .file("h", "first").hardlink("h2", "h").file("h", "second").build();
        Path dest = tmp.resolve("root");
        LayerApplier.apply(new ByteArrayInputStream(layer), dest, ApplyOptions.overlay());
        assertThat(Files.readString(dest.resolve("x/y"))).isEqualTo("inside");
        assertThat(Files.readString(dest.resolve("z"))).isEqualTo("now a file");
        assertThat(Files.readString(dest.resolve("h"))).isEqualTo("second");
        assertThat(Files.readString(dest.resolve("h2"))).isEqualTo("first");
    }

    @Test
    void anExistingDestinationIsRefusedForASnapshot() throws IOException {
        Path dest = Files.createDirectory(tmp.resolve("root"));
        assertThatThrownBy(() -> LayerApplier.apply(new ByteArrayInputStream(tar().file("f", "x").build()), dest,
                ApplyOptions.overlay()))
                .hasMessage("apply layer: " + dest + " already exists");
    }

    static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static Object attr(Path p, String name) throws IOException {
        return Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }
}
