package dev.legends.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real calls as root, each in its own temporary directory. */
class SyscallsTest {
    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmountLeftovers() {
        if (mounted != null) {
            try {
                Syscalls.umount2(mounted, Syscalls.MNT_DETACH);
            } catch (SyscallException e) {
                // already unmounted by the test
            }
        }
    }

    @Test
    void mknodMakesTheZeroZeroCharacterDeviceOverlayUsesAsAWhiteout() throws Exception {
        Path node = dir.resolve("gone");
        Syscalls.mknod(node, Syscalls.S_IFCHR | 0, 0, 0);
        assertThat((int) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                .isEqualTo(Syscalls.S_IFCHR);
        assertThat((long) Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isZero();
    }

    @Test
    void mknodMakesFifosAndKeepsDeviceNumbers() throws Exception {
        Path fifo = dir.resolve("fifo");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO | 0644, 0, 0);
        assertThat(Files.readAttributes(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode"))
                .isEqualTo(Syscalls.S_IFIFO | 0644);
        Path null2 = dir.resolve("null");
        Syscalls.mknod(null2, Syscalls.S_IFCHR | 0666, 1, 3);
        long rdev = (long) Files.getAttribute(null2, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        assertThat(Syscalls.major(rdev)).isEqualTo(1);
        assertThat(Syscalls.minor(rdev)).isEqualTo(3);
        assertThat(Syscalls.major(Syscalls.makedev(259, 70000))).isEqualTo(259);
        assertThat(Syscalls.minor(Syscalls.makedev(259, 70000))).isEqualTo(70000);
    }

    @Test
    void failuresNameTheCallThePathAndTheError() {
        Path missing = dir.resolve("no/such/dir/node");
        assertThatThrownBy(() -> Syscalls.mknod(missing, Syscalls.S_IFIFO | 0600, 0, 0))
                .isInstanceOfSatisfying(SyscallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                })
                .hasMessage("mknod " + missing + ": no such file or directory (ENOENT)");
    }

    @Test
    void lchownAndChmodSetOwnerAndSpecialBits() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        Syscalls.lchown(link, 1234, 5678);
        assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
        assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
        Syscalls.lchown(file, 1000, 1000);
        Syscalls.chmod(file, 07755);
        assertThat((int) Files.getAttribute(file, "unix:mode") & 07777).isEqualTo(07755);
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(1000);
    }

    @Test
    void lutimesSetsTheMtimeOfASymlinkNotOfItsTarget() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        FileTime before = Files.getLastModifiedTime(file);
        Instant when = Instant.parse("2001-02-03T04:05:06.123456789Z");
        Syscalls.lutimes(link, when, when);
        assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(when);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);
        Syscalls.lutimes(file, null, when);
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(when);
    }

    @Test
    void mountsAndUnmountsATmpfs() throws Exception {
        Path target = Files.createDirectory(dir.resolve("mnt"));
        Syscalls.mount("tmpfs", target, "tmpfs", Syscalls.MS_NOSUID | Syscalls.MS_NODEV, "size=1m,mode=0700");
        mounted = target;
        Files.writeString(target.resolve("inside"), "hello");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + target + " ");
        assertThatThrownBy(() -> Syscalls.umount2(dir, 0))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));

        Syscalls.umount2(target, Syscalls.MNT_DETACH);
        mounted = null;
        assertThat(target.resolve("inside")).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + target + " ");
    }

    @Test
    void mountErrorsNameTheFilesystemAndTarget() {
        Path target = dir.resolve("absent");
        assertThatThrownBy(() -> Syscalls.mount("tmpfs", target, "tmpfs", 0, null))
                .isInstanceOf(SyscallException.class)
                .hasMessage("mount tmpfs " + target + ": no such file or directory (ENOENT)");
    }

    @Test
    void theNewMountApiMountsReadOnly() throws Exception {
        Path target = Files.createDirectory(dir.resolve("new"));
        FsMount.mount("tmpfs", List.of(new FsMount.Option("size", "1m"), new FsMount.Option("noswap", null)),
                FsMount.MOUNT_ATTR_RDONLY, target);
        mounted = target;
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + target + " ");
        assertThatThrownBy(() -> Files.writeString(target.resolve("x"), "y")).hasMessageContaining("Read-only");
        assertThatThrownBy(() -> FsMount.mount("tmpfs", List.of(new FsMount.Option("bogus", "1")), 0, target))
                .isInstanceOf(SyscallException.class)
                .hasMessage("fsconfig bogus " + target + ": invalid argument (EINVAL)");
    }
}
