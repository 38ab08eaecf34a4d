package dev.legends.snapshot.archive;

import static dev.legends.snapshot.archive.LayerApplierTest.attr;
import static dev.legends.snapshot.archive.LayerApplierTest.mode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.core.Digest;
import dev.legends.linux.Syscalls;
import dev.legends.linux.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
    private static final Instant OLD = Instant.parse("2001-02-03T04:05:06Z");
    /** A v2 file capability (cap_setuid, cap_net_raw): binary, with bytes that are not UTF-8. */
    private static final byte[] CAPABILITY = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path tmp;

    @Test
    void xattrsHardLinksSpecialBitsOwnersAndSymlinkMtimesSurviveApplyThenDiff() throws IOException {
        Path src = sample(tmp.resolve("src"));
        Path dest = tmp.resolve("dest");
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        Written w = LayerWriter.write(src, tarBytes, WriteOptions.plain().keepingOwners());
        Applied applied = LayerApplier.apply(new ByteArrayInputStream(tarBytes.toByteArray()), dest, ApplyOptions.overlay());
        assertThat(applied.diffId()).isEqualTo(w.diffId()).isEqualTo(w.digest());

        assertThat(Xattrs.lgetxattr(dest.resolve("bin/ping"), "security.capability")).hasValue(CAPABILITY);
        assertThat(Xattrs.lgetxattr(dest.resolve("bin/ping"), "user.bin")).hasValue(new byte[] {(byte) 0xff, 0, 10});
        assertThat(attr(dest.resolve("bin/ping2"), "ino")).isEqualTo(attr(dest.resolve("bin/ping"), "ino"));
        assertThat(attr(dest.resolve("bin/ping"), "nlink")).isEqualTo(2);
        assertThat(mode(dest.resolve("bin/su"))).isEqualTo(04755);
        assertThat(mode(dest.resolve("bin/sg"))).isEqualTo(02711);
        assertThat(mode(dest.resolve("tmp"))).isEqualTo(01777);
        assertThat(attr(dest.resolve("home/user/file"), "uid")).isEqualTo(1234);
        assertThat(attr(dest.resolve("home/user/file"), "gid")).isEqualTo(4321);
        assertThat(Files.getLastModifiedTime(dest.resolve("bin/link"), LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(OLD);
        assertThat(Syscalls.readlink(dest.resolve("bin/link"))).isEqualTo("ping");
        assertThat(attr(dest.resolve("run/fifo"), "mode")).isEqualTo(010640);

        // and the applied tree writes back to the very same layer
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(LayerWriter.write(dest, again, WriteOptions.plain().keepingOwners()).diffId()).isEqualTo(w.diffId());
    }

    @Test
    void theSameDirectoryGivesTheSameDigestTwice() throws IOException {
        Path src = sample(tmp.resolve("src"));
        for (Compression c : Compression.values()) {
            WriteOptions options = WriteOptions.plain().compressed(c);
            Written first = LayerWriter.write(src, new ByteArrayOutputStream(), options);
            Written second = LayerWriter.write(src, new ByteArrayOutputStream(), options);
            assertThat(second).isEqualTo(first);
            assertThat(first.compression()).isEqualTo(c);
        }
        // a fixed mtime makes a copy made at another time give the same layer too
        Path copy = sample(tmp.resolve("copy"));
        Files.setLastModifiedTime(copy.resolve("bin/su"), FileTime.from(Instant.now().minusSeconds(99)));
        WriteOptions fixed = WriteOptions.plain().withMtime(Instant.EPOCH);
        assertThat(LayerWriter.write(copy, new ByteArrayOutputStream(), fixed).diffId())
                .isEqualTo(LayerWriter.write(src, new ByteArrayOutputStream(), fixed).diffId());
    }

    @Test
    void entriesAreSortedOwnedByRootAndReadableByAnotherTarReader() throws IOException {
        Path src = sample(tmp.resolve("src"));
        String longName = "l".repeat(180);
        Files.writeString(src.resolve(longName), "long");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        Written w = LayerWriter.write(src, gz, WriteOptions.plain().compressed(Compression.GZIP));
        assertThat(w.digest()).isEqualTo(Digest.of(gz.toByteArray()));
        assertThat(w.size()).isEqualTo(gz.size());

        List<TarArchiveEntry> entries = read(new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray())));
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly(
                "bin/", "bin/link", "bin/ping", "bin/ping2", "bin/sg", "bin/su",
                "home/", "home/user/", "home/user/file", longName, "run/", "run/fifo", "tmp/");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
        });
        TarArchiveEntry ping2 = entries.get(3);
        assertThat(ping2.isLink()).isTrue();
        assertThat(ping2.getLinkName()).isEqualTo("bin/ping");
        assertThat(entries.get(2).getExtraPaxHeaders()).containsKey("SCHILY.xattr.user.bin");
    }

    @Test
    void overlayWhiteoutsBecomeOciWhiteoutsAndOverlayXattrsStayOut() throws IOException {
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Syscalls.mknod(upper.resolve("gone"), Syscalls.S_IFCHR, 0, 0);
        Path d = Files.createDirectory(upper.resolve("d"));
        Xattrs.lsetxattr(d, "trusted.overlay.opaque", new byte[] {'y'}, 0);
        Xattrs.lsetxattr(d, "trusted.overlay.origin", new byte[] {1, 2, 3}, 0);
        Files.writeString(d.resolve("f"), "new");
        Path notOpaque = Files.createDirectory(upper.resolve("e"));
        Xattrs.lsetxattr(notOpaque, "trusted.overlay.impure", new byte[] {'y'}, 0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerWriter.write(upper, out, WriteOptions.plain());
        List<TarArchiveEntry> entries = read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(entries).extracting(TarArchiveEntry::getName)
                .containsExactly(".wh.gone", "d/", "d/.wh..wh..opq", "d/f", "e/");
        assertThat(entries).allSatisfy(e -> assertThat(e.getExtraPaxHeaders()).isEmpty());
        assertThat(entries.getFirst().isFile()).isTrue();
    }

    /** bin/ping (xattrs, hard-linked as bin/ping2), setuid/setgid files, a sticky dir, owners, a symlink, a fifo. */
    static Path sample(Path root) throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path ping = Files.writeString(bin.resolve("ping"), "ELF...");
        Xattrs.lsetxattr(ping, "security.capability", CAPABILITY, 0);
        Xattrs.lsetxattr(ping, "user.bin", new byte[] {(byte) 0xff, 0, 10}, 0);
        Files.createLink(bin.resolve("ping2"), ping);
        Syscalls.chmod(Files.writeString(bin.resolve("su"), "su"), 04755);
        Syscalls.chmod(Files.writeString(bin.resolve("sg"), "sg"), 02711);
        Syscalls.symlink("ping", bin.resolve("link"));
        Syscalls.lutimes(bin.resolve("link"), OLD, OLD);
        Syscalls.chmod(Files.createDirectory(root.resolve("tmp")), 01777);
        Path home = Files.createDirectories(root.resolve("home/user"));
        Syscalls.lchown(Files.writeString(home.resolve("file"), "mine", StandardCharsets.UTF_8), 1234, 4321);
        Syscalls.lchown(home, 1234, 4321);
        Syscalls.mknod(Files.createDirectory(root.resolve("run")).resolve("fifo"), Syscalls.S_IFIFO | 0640, 0, 0);
        Syscalls.chmod(root.resolve("run/fifo"), 0640);
        return root;
    }

    static List<TarArchiveEntry> read(java.io.InputStream tar) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(e);
            }
        }
        return entries;
    }
}
