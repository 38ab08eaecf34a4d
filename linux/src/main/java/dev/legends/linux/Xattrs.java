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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes of a path itself (the l* calls: a symlink's own, never its target's), as
 * raw bytes: values such as security.capability are binary. The JDK's UserDefinedFileAttributeView
 * only reaches the user.* namespace; overlayfs keeps its whiteout and opaque markers in trusted.*.
 */
public final class Xattrs {
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    private static final MethodHandle LSETXATTR = Native.function("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LGETXATTR = Native.function("lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle LLISTXATTR = Native.function("llistxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle LREMOVEXATTR = Native.function("lremovexattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private Xattrs() {}

    /** lsetxattr(2); {@code flags} 0, {@link #XATTR_CREATE} or {@link #XATTR_REPLACE}. */
    public static void lsetxattr(Path path, String name, byte[] value, int flags) {
        Native.call("lsetxattr " + name, path, (a, err) -> {
            MemorySegment v = value.length == 0 ? a.allocate(1) : a.allocateFrom(JAVA_BYTE, value);
            return (int) LSETXATTR.invokeExact(err, Native.cString(a, path), Native.cString(a, name), v,
                    (long) value.length, flags);
        });
    }

    /** lgetxattr(2): the value, or empty when the attribute is not set (ENODATA). */
    public static Optional<byte[]> lgetxattr(Path path, String name) {
        byte[][] value = new byte[1][];
        Native.call("lgetxattr " + name, path, (a, err) -> {
            MemorySegment p = Native.cString(a, path);
            MemorySegment n = Native.cString(a, name);
            for (long capacity = 256; ; ) {
                MemorySegment buf = a.allocate(capacity);
                long len = (long) LGETXATTR.invokeExact(err, p, n, buf, capacity);
                if (len >= 0) {
                    value[0] = buf.asSlice(0, len).toArray(JAVA_BYTE);
                    return len;
                }
                if (Native.errno(err) == Errno.ENODATA) {
                    return 0L;
                }
                if (Native.errno(err) != Errno.ERANGE) {
                    return len;
                }
                // larger than the guess, or grown since: ask for the size and try again
                long size = (long) LGETXATTR.invokeExact(err, p, n, MemorySegment.NULL, 0L);
                if (size < 0) {
                    return size;
                }
                capacity = Math.max(size, capacity * 2);
            }
        });
        return Optional.ofNullable(value[0]);
    }

    /** llistxattr(2): the names of the path's extended attributes. */
    public static List<String> llistxattr(Path path) {
        List<String> names = new ArrayList<>();
        Native.call("llistxattr", path, (a, err) -> {
            MemorySegment p = Native.cString(a, path);
            for (long capacity = 1024; ; ) {
                MemorySegment buf = a.allocate(capacity);
                long len = (long) LLISTXATTR.invokeExact(err, p, buf, capacity);
                if (len >= 0) {
                    split(buf.asSlice(0, len).toArray(JAVA_BYTE), names);
                    return len;
                }
                if (Native.errno(err) != Errno.ERANGE) {
                    return len;
                }
                long size = (long) LLISTXATTR.invokeExact(err, p, MemorySegment.NULL, 0L);
                if (size < 0) {
                    return size;
                }
                capacity = Math.max(size, capacity * 2);
            }
        });
        return names;
    }

    /** lremovexattr(2). */
    public static void lremovexattr(Path path, String name) {
        Native.call("lremovexattr " + name, path, (a, err) -> (int) LREMOVEXATTR.invokeExact(err,
                Native.cString(a, path), Native.cString(a, name)));
    }

    private static void split(byte[] list, List<String> names) {
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                if (i > start) {
                    names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
    }
}
