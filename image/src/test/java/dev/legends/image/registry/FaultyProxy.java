package dev.legends.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a test registry that damages what the registry sends:
 * it cuts connections (with a reset) after some bytes, or flips one byte. It works below HTTP,
 * so the client sees exactly what a flaky network or a broken proxy would show it.
 */
final class FaultyProxy implements AutoCloseable {
    private enum Mode { CUT_FOR_GOOD, CUT_SOME, FLIP }

    private final ServerSocket server;
    private final int target;
    private final Mode mode;
    private final long bytes;
    private final int maxCuts;
    private final AtomicLong total = new AtomicLong();
    private final AtomicInteger cuts = new AtomicInteger();
    private final Set<Socket> open = Collections.synchronizedSet(new HashSet<>());
    private volatile boolean down;

    private FaultyProxy(int target, Mode mode, long bytes, int maxCuts) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.mode = mode;
        this.bytes = bytes;
        this.maxCuts = maxCuts;
        Thread.ofPlatform().daemon().name("faulty-proxy-accept").start(this::acceptLoop);
    }

    /** After {@code bytes} sent to clients in all, the connection is reset and every later one refused. */
    static FaultyProxy cutForGood(int targetPort, long bytes) throws IOException {
        return new FaultyProxy(targetPort, Mode.CUT_FOR_GOOD, bytes, 0);
    }

    /** Resets each connection after {@code bytes} sent on it, {@code times} times; then relays faithfully. */
    static FaultyProxy cutEachConnection(int targetPort, long bytes, int times) throws IOException {
        return new FaultyProxy(targetPort, Mode.CUT_SOME, bytes, times);
    }

    /** Inverts the byte at offset {@code at} of everything each connection sends to the client. */
    static FaultyProxy flipByte(int targetPort, long at) throws IOException {
        return new FaultyProxy(targetPort, Mode.FLIP, at, 0);
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                reset(client);
                continue;
            }
            Thread.ofVirtual().start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
            open.add(client);
            open.add(upstream);
            Thread up = Thread.ofVirtual().start(() -> pump(client, upstream, false));
            pump(upstream, client, true);
            up.join();
        } catch (IOException | InterruptedException e) {
            // the client sees its connection end
        } finally {
            reset(client);
        }
    }

    private void pump(Socket from, Socket to, boolean toClient) {
        byte[] buf = new byte[16 * 1024];
        long offset = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (toClient) {
                    int keep = damage(buf, n, offset);
                    if (keep < n) {
                        out.write(buf, 0, keep);
                        out.flush();
                        reset(to);
                        reset(from);
                        return;
                    }
                }
                out.write(buf, 0, n);
                offset += n;
            }
            to.shutdownOutput();
        } catch (IOException e) {
            reset(to);
            reset(from);
        }
    }

    /** How many of the {@code n} bytes at connection offset {@code offset} go through; flips in place. */
    private int damage(byte[] buf, int n, long offset) {
        switch (mode) {
            case FLIP -> {
                if (offset <= bytes && bytes < offset + n) {
                    buf[(int) (bytes - offset)] ^= (byte) 0xff;
                }
                return n;
            }
            case CUT_FOR_GOOD -> {
                long before = total.getAndAdd(n);
                if (before + n <= bytes) {
                    return n;
                }
                down = true;
                cuts.incrementAndGet();
                return (int) Math.max(0, bytes - before);
            }
            default -> {
                if (offset + n <= bytes || cuts.get() >= maxCuts) {
                    return n;
                }
                cuts.incrementAndGet();
                return (int) Math.max(0, bytes - offset);
            }
        }
    }

    private void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // a reset, as a dying peer or middlebox sends, not an orderly close
            s.close();
        } catch (IOException e) {
            // already gone
        }
        open.remove(s);
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (Socket s : Set.copyOf(open)) {
                reset(s);
            }
        }
    }
}
