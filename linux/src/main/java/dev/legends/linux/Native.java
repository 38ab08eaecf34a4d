package dev.legends.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** Binds libc functions with errno captured right after the call, before the JVM can clobber it. */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** One native call: gets an arena for its arguments and the errno box to pass first. */
    interface Call {
        long invoke(Arena arena, MemorySegment errno) throws Throwable;
    }

    private Native() {}

    /**
     * A downcall to libc's {@code name}; its first argument becomes the errno capture segment.
     * Restricted (it trusts the descriptor to match the C prototype): the build and the daemon
     * run with --enable-native-access for this module.
     */
    @SuppressWarnings("restricted")
    static MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** Runs {@code call}; a negative result becomes a {@link SyscallException} for {@code name} on {@code subject}. */
    static long call(String name, Object subject, Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            long rc = call.invoke(arena, errno);
            if (rc < 0) {
                throw new SyscallException(name, String.valueOf(subject), errno(errno));
            }
            return rc;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call " + name + " failed: " + t, t);
        }
    }

    static int errno(MemorySegment box) {
        return (int) ERRNO.get(box, 0L);
    }

    /** A NUL-terminated copy of the path; Linux paths are bytes, the JDK spells them in UTF-8 here. */
    static MemorySegment cString(Arena arena, Path path) {
        return arena.allocateFrom(path.toString());
    }

    static MemorySegment cString(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }
}
