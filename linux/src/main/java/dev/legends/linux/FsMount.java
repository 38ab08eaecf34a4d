package dev.legends.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * The new mount API (fsopen, fsconfig, fsmount, move_mount; Linux 5.2+, glibc 2.36+). Options go
 * to the kernel one at a time instead of in the single page mount(2) copies, which is what lets
 * overlayfs take a stack of lower dirs longer than 4 KiB with repeated "lowerdir+" (Linux 6.8+).
 */
public final class FsMount {
    /** One fsconfig call: a string option, or a flag when {@code value} is null. */
    public record Option(String key, String value) {}

    public static final int MOUNT_ATTR_RDONLY = 1;

    private static final int FSOPEN_CLOEXEC = 1;
    private static final int FSCONFIG_SET_FLAG = 0;
    private static final int FSCONFIG_SET_STRING = 1;
    private static final int FSCONFIG_CMD_CREATE = 6;
    private static final int FSMOUNT_CLOEXEC = 1;
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 4;
    private static final int AT_FDCWD = -100;

    private static final MethodHandle FSOPEN = Native.function("fsopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FSCONFIG = Native.function("fsconfig",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle FSMOUNT = Native.function("fsmount",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MOVE_MOUNT = Native.function("move_mount",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = Native.function("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private FsMount() {}

    /** Creates a {@code fstype} filesystem with {@code options}, in order, and attaches it at {@code target}. */
    public static void mount(String fstype, List<Option> options, int attrFlags, Path target) {
        int fs = (int) Native.call("fsopen " + fstype, target, (a, err) ->
                (int) FSOPEN.invokeExact(err, Native.cString(a, fstype), FSOPEN_CLOEXEC));
        try {
            for (Option o : options) {
                Native.call("fsconfig " + o.key(), target, (a, err) -> (int) FSCONFIG.invokeExact(err, fs,
                        o.value() == null ? FSCONFIG_SET_FLAG : FSCONFIG_SET_STRING, Native.cString(a, o.key()),
                        Native.cString(a, o.value()), 0));
            }
            Native.call("fsconfig create " + fstype, target, (a, err) -> (int) FSCONFIG.invokeExact(err, fs,
                    FSCONFIG_CMD_CREATE, MemorySegment.NULL, MemorySegment.NULL, 0));
            int mnt = (int) Native.call("fsmount " + fstype, target, (a, err) ->
                    (int) FSMOUNT.invokeExact(err, fs, FSMOUNT_CLOEXEC, attrFlags));
            try {
                Native.call("move_mount " + fstype, target, (a, err) -> (int) MOVE_MOUNT.invokeExact(err, mnt,
                        a.allocateFrom(""), AT_FDCWD, Native.cString(a, target), MOVE_MOUNT_F_EMPTY_PATH));
            } finally {
                close(mnt);
            }
        } finally {
            close(fs);
        }
    }

    private static void close(int fd) {
        Native.call("close", fd, (a, err) -> (int) CLOSE.invokeExact(err, fd));
    }
}
