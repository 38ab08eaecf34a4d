package dev.legends.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Linux system calls the JDK does not offer, called through libc with the FFM API: mounts, device
 * nodes, owners, modes and times of the path itself. Each failure is a {@link SyscallException}
 * naming the call and the path. None follows a symbolic link in the last component, except
 * {@link #chmod} (Linux cannot chmod a link). Extended attributes are in {@link Xattrs}.
 */
public final class Syscalls {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;

    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private static final MethodHandle MOUNT = Native.function("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = Native.function("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MKNOD = Native.function("mknod",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final MethodHandle LCHOWN = Native.function("lchown",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CHMOD = Native.function("chmod",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SYMLINK = Native.function("symlink",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle READLINK = Native.function("readlink",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle UTIMENSAT = Native.function("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    private Syscalls() {}

    /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
    public static void mount(String source, Path target, String fstype, long flags, String data) {
        Native.call(fstype == null ? "mount" : "mount " + fstype, target, (a, err) -> (int) MOUNT.invokeExact(err,
                Native.cString(a, source), Native.cString(a, target), Native.cString(a, fstype), flags,
                Native.cString(a, data)));
    }

    /** umount2(2); pass {@link #MNT_DETACH} for a lazy unmount of a busy mount. */
    public static void umount2(Path target, int flags) {
        Native.call("umount", target, (a, err) -> (int) UMOUNT2.invokeExact(err, Native.cString(a, target), flags));
    }

    /** mknod(2); {@code mode} holds the type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO}) and permissions. */
    public static void mknod(Path path, int mode, int major, int minor) {
        Native.call("mknod", path, (a, err) -> (int) MKNOD.invokeExact(err, Native.cString(a, path), mode,
                makedev(major, minor)));
    }

    /** lchown(2): the link itself, never its target. */
    public static void lchown(Path path, int uid, int gid) {
        Native.call("lchown", path, (a, err) -> (int) LCHOWN.invokeExact(err, Native.cString(a, path), uid, gid));
    }

    /**
     * chmod(2), with all twelve mode bits (setuid, setgid, sticky included). It follows a symbolic
     * link, so call it only on paths known not to be one.
     */
    public static void chmod(Path path, int mode) {
        Native.call("chmod", path, (a, err) -> (int) CHMOD.invokeExact(err, Native.cString(a, path), mode));
    }

    /**
     * symlink(2) with the target byte for byte: the JDK's createSymbolicLink parses the target as
     * a Path, which drops a trailing slash and doubled slashes that a layer must keep.
     */
    public static void symlink(String target, Path link) {
        Native.call("symlink", link, (a, err) -> (int) SYMLINK.invokeExact(err, Native.cString(a, target),
                Native.cString(a, link)));
    }

    /** readlink(2): the target byte for byte. */
    public static String readlink(Path link) {
        String[] target = new String[1];
        Native.call("readlink", link, (a, err) -> {
            MemorySegment p = Native.cString(a, link);
            // a target that fills the buffer may have been cut: grow it and ask again
            for (long capacity = 4096; ; capacity *= 4) {
                MemorySegment buf = a.allocate(capacity);
                long len = (long) READLINK.invokeExact(err, p, buf, capacity);
                if (len < 0 || len < capacity) {
                    target[0] = len < 0 ? null : new String(buf.asSlice(0, len).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                    return len;
                }
            }
        });
        return target[0];
    }

    /**
     * utimensat(2) with AT_SYMLINK_NOFOLLOW, so a symbolic link gets its own times (the JDK can
     * only set them through the link). A null {@code atime} leaves the access time alone.
     */
    public static void lutimes(Path path, Instant atime, Instant mtime) {
        Native.call("utimensat", path, (a, err) -> {
            MemorySegment times = a.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 0, atime == null ? 0 : atime.getEpochSecond());
            times.setAtIndex(JAVA_LONG, 1, atime == null ? UTIME_OMIT : atime.getNano());
            times.setAtIndex(JAVA_LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(JAVA_LONG, 3, mtime.getNano());
            return (int) UTIMENSAT.invokeExact(err, AT_FDCWD, Native.cString(a, path), times, AT_SYMLINK_NOFOLLOW);
        });
    }

    /** The kernel's dev_t encoding (glibc's gnu_dev_makedev): 12+20 bits of major, 8+24 of minor. */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    /** The major number of a dev_t, as {@code unix:rdev} reports it. */
    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    /** The minor number of a dev_t. */
    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }
}
