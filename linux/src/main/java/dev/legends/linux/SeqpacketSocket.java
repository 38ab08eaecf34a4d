package dev.legends.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket, which the JDK cannot open (its UNIX channels are
 * stream sockets only); conmon's attach socket is one. Each receive returns one whole message.
 * receive and send may run on two threads at once; close once both are done, or to end a receive.
 */
public final class SeqpacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH = 108;
    private static final int EINTR = 4;

    private static final MethodHandle SOCKET = Native.function("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CONNECT = Native.function("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = Native.function("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SEND = Native.function("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Native.function("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final int O_PATH = 010000000;
    private static final MethodHandle OPEN = Native.function("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = Native.function("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final Path path;
    private boolean closed;

    private SeqpacketSocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Connects to the socket file at {@code path}. A path longer than sun_path's 108 bytes (state
     * directories are often that deep) is reached through an O_PATH descriptor of its directory.
     */
    public static SeqpacketSocket connect(Path path) {
        if (path.toString().getBytes(StandardCharsets.UTF_8).length < SUN_PATH || path.getParent() == null) {
            return connect(path, path.toString());
        }
        Path dir = path.getParent();
        // O_CLOEXEC has SOCK_CLOEXEC's value
        int dirFd = (int) Native.call("open", dir, (a, err) -> (int) OPEN.invokeExact(err, Native.cString(a, dir), O_PATH | SOCK_CLOEXEC));
        try {
            return connect(path, "/proc/self/fd/" + dirFd + "/" + path.getFileName());
        } finally {
            closeQuietly(dirFd);
        }
    }

    private static SeqpacketSocket connect(Path path, String address) {
        byte[] name = address.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            throw new SyscallException("connect", path.toString(), 36); // ENAMETOOLONG
        }
        int fd = (int) Native.call("socket", path, (a, err) -> (int) SOCKET.invokeExact(err, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
        try {
            Native.call("connect", path, (a, err) -> {
                MemorySegment addr = a.allocate(2 + SUN_PATH);
                addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
                MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
                return (int) CONNECT.invokeExact(err, fd, addr, 2 + SUN_PATH);
            });
        } catch (RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
        return new SeqpacketSocket(fd, path);
    }

    /** One message of at most {@code max} bytes (a longer one is cut), or null once the peer has closed. */
    public byte[] receive(int max) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(max);
            long[] n = new long[1];
            while (true) {
                try {
                    Native.call("recv", path, (a, err) -> n[0] = (long) RECV.invokeExact(err, fd, buf, (long) max, 0));
                    break;
                } catch (SyscallException e) {
                    if (e.errno() != EINTR) {
                        throw e;
                    }
                }
            }
            return n[0] == 0 ? null : buf.asSlice(0, n[0]).toArray(JAVA_BYTE);
        }
    }

    /** Sends {@code len} bytes as one message. */
    public void send(byte[] data, int off, int len) {
        Native.call("send", path, (a, err) -> {
            MemorySegment buf = a.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, JAVA_BYTE, 0, len);
            return (long) SEND.invokeExact(err, fd, buf, (long) len, MSG_NOSIGNAL);
        });
    }

    /** Tells the peer no more will be sent; receiving goes on. */
    public void shutdownOutput() {
        Native.call("shutdown", path, (a, err) -> (int) SHUTDOWN.invokeExact(err, fd, SHUT_WR));
    }

    /** Ends a receive blocked on another thread (it then returns null) and frees the descriptor. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Native.call("shutdown", path, (a, err) -> (int) SHUTDOWN.invokeExact(err, fd, SHUT_RDWR));
        } catch (SyscallException e) {
            // not connected any more: closing is all that is left
        }
        closeQuietly(fd);
    }

    private static void closeQuietly(int fd) {
        try {
            Native.call("close", fd, (a, err) -> (int) CLOSE.invokeExact(err, fd));
        } catch (SyscallException e) {
            // nothing to do about a failed close
        }
    }
}
