package dev.legends.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with libc's posix_spawn, for what ProcessBuilder cannot give a child: a
 * descriptor above 2 (conmon reports on fd 3), and no helper in between (the JDK spawns its
 * jspawnhelper, which then executes the program: one exec more on every start). Descriptors above
 * the highest one given are closed in the child (those below it that are not given, such as 2, are
 * the JVM's own), and its signal mask and dispositions are reset, as the JDK does for its children. The caller reaps the child with {@link #exitStatus}.
 */
public final class Spawn {
    /** Descriptor {@code fd} of the child, opened on {@code path}: read-only, or for appending (created if missing). */
    public record Fd(int fd, Path path, boolean append) {}

    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int WNOHANG = 1;
    /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on x86-64 and arm64: room to spare. */
    private static final long OPAQUE = 1024;
    private static final long SIGSET = 128;

    private static final MethodHandle ACTIONS_INIT = plain("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ACTIONS_DESTROY = plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ADD_OPEN = plain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_CHDIR = plain("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ADD_CLOSEFROM = plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_FLAGS = plain("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SIGMASK = plain("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SIGDEFAULT = plain("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = plain("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = plain("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle POSIX_SPAWN = plain("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle WAITPID = Native.function("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private Spawn() {}

    /**
     * Starts {@code argv} (its first word an absolute path) in {@code dir} with {@code env} and the
     * descriptors {@code fds}, all others closed; returns its pid.
     */
    public static long spawn(List<String> argv, Map<String, String> env, Path dir, List<Fd> fds) {
        String program = argv.getFirst();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE, 16);
            MemorySegment attr = arena.allocate(OPAQUE, 16);
            check("posix_spawn_file_actions_init", program, (int) ACTIONS_INIT.invokeExact(actions));
            check("posix_spawnattr_init", program, (int) ATTR_INIT.invokeExact(attr));
            try {
                int highest = 2;
                for (Fd f : fds) {
                    int flags = f.append() ? O_WRONLY | O_APPEND | O_CREAT : 0;
                    check("open " + f.path(), program, (int) ADD_OPEN.invokeExact(actions, f.fd(), Native.cString(arena, f.path()), flags, 0644));
                    highest = Math.max(highest, f.fd());
                }
                check("chdir " + dir, program, (int) ADD_CHDIR.invokeExact(actions, Native.cString(arena, dir)));
                check("closefrom", program, (int) ADD_CLOSEFROM.invokeExact(actions, highest + 1));
                MemorySegment none = arena.allocate(SIGSET, 8);
                MemorySegment all = arena.allocate(SIGSET, 8);
                check("sigemptyset", program, (int) SIGEMPTYSET.invokeExact(none));
                check("sigfillset", program, (int) SIGFILLSET.invokeExact(all));
                check("setsigmask", program, (int) ATTR_SIGMASK.invokeExact(attr, none));
                check("setsigdefault", program, (int) ATTR_SIGDEFAULT.invokeExact(attr, all));
                check("setflags", program, (int) ATTR_FLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = (int) POSIX_SPAWN.invokeExact(pid, Native.cString(arena, program), actions, attr,
                        strings(arena, argv), strings(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                check("posix_spawn", program, rc);
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawn " + program + " failed: " + t, t);
        }
    }

    /** The exit code of {@code pid} (128 + signal if a signal ended it) once it has ended, reaping it; -1 while it runs. */
    public static int exitStatus(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            long rc = Native.call("waitpid", pid, (a, err) -> (int) WAITPID.invokeExact(err, (int) pid, status, WNOHANG));
            if (rc == 0) {
                return -1;
            }
            int s = status.get(JAVA_INT, 0);
            return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> words) {
        MemorySegment array = arena.allocate(ADDRESS, words.size() + 1L);
        for (int i = 0; i < words.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(words.get(i)));
        }
        array.setAtIndex(ADDRESS, words.size(), MemorySegment.NULL);
        return array;
    }

    /** The posix_spawn family returns its error number instead of setting errno. */
    private static void check(String what, String program, int rc) {
        if (rc != 0) {
            throw new SyscallException(what, "for " + program, rc);
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name + " (glibc 2.34 or later is needed)")), descriptor);
    }
}
