package dev.legends.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real extended attributes as root, trusted.* included, in a temporary directory. */
class XattrsTest {
    @TempDir
    Path dir;

    @Test
    void xattrsRoundTripOnFilesAndOnSymlinksThemselves() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        byte[] binary = {1, 0, 0, 2, (byte) 0x80, (byte) 0xff, 0};
        Xattrs.lsetxattr(file, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII), 0);
        Xattrs.lsetxattr(file, "user.bin", binary, 0);
        Xattrs.lsetxattr(file, "user.empty", new byte[0], 0);
        byte[] big = new byte[3000];
        big[2999] = 7;
        Xattrs.lsetxattr(file, "user.big", big, 0);

        assertThat(Xattrs.llistxattr(file))
                .contains("trusted.overlay.opaque", "user.bin", "user.empty", "user.big");
        assertThat(Xattrs.lgetxattr(file, "trusted.overlay.opaque")).hasValue("y".getBytes(StandardCharsets.US_ASCII));
        assertThat(Xattrs.lgetxattr(file, "user.bin")).hasValue(binary);
        assertThat(Xattrs.lgetxattr(file, "user.empty")).hasValue(new byte[0]);
        assertThat(Xattrs.lgetxattr(file, "user.big")).hasValue(big);
        assertThat(Xattrs.lgetxattr(file, "user.none")).isEmpty();

        Xattrs.lremovexattr(file, "user.bin");
        assertThat(Xattrs.lgetxattr(file, "user.bin")).isEmpty();
        assertThatThrownBy(() -> Xattrs.lsetxattr(file, "user.big", new byte[1], Xattrs.XATTR_CREATE))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));

        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        Xattrs.lsetxattr(link, "trusted.mark", new byte[] {9}, 0);
        assertThat(Xattrs.lgetxattr(link, "trusted.mark")).hasValue(new byte[] {9});
        assertThat(Xattrs.lgetxattr(file, "trusted.mark")).isEmpty();
    }

    @Test
    void missingFilesAreReportedWithTheAttributeName() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Xattrs.lgetxattr(missing, "user.x"))
                .isInstanceOf(SyscallException.class)
                .hasMessage("lgetxattr user.x " + missing + ": no such file or directory (ENOENT)");
    }
}
