package dev.legends.server;

import dev.legends.core.LegendsException;
import dev.legends.server.http.Request;
import dev.legends.server.http.Response;
import dev.legends.server.http.Router;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /v1/cli: a command line run by {@link CommandLines} for the native client. The answer is an
 * upgrade to frames as docker's attach multiplexes them (8 bytes: stream, 0, 0, 0, length big-endian;
 * then the bytes): stream 1 is stdout, 2 stderr, and a last frame on stream 3 carries the exit code
 * (4 bytes). A call that must run in the client's own process is answered 412, and the client starts
 * the JVM CLI instead. The TCP listener refuses this path (see Access): relative paths and the
 * environment only mean something for a client on this host.
 */
final class CommandLinesApi {
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte EXIT = 3;
    private static final Logger log = LoggerFactory.getLogger(CommandLinesApi.class);

    private final CommandLines lines;

    CommandLinesApi(CommandLines lines) {
        this.lines = lines;
    }

    void register(Router router) {
        router.post("/v1/cli", this::call);
    }

    private Response call(Request r) {
        if (lines == null) {
            throw LegendsException.precondition("this daemon runs no command lines for clients");
        }
        CommandLines.Call call = r.json(CommandLines.Call.class);
        return new Response.Upgrade("legends-cli", new Run(lines.prepare(call), call));
    }

    static byte[] frame(byte stream, byte[] data, int off, int len) {
        byte[] f = new byte[8 + len];
        f[0] = stream;
        ByteBuffer.wrap(f, 4, 4).putInt(len);
        System.arraycopy(data, off, f, 8, len);
        return f;
    }

    /** One command line on the request's virtual thread; the client's going away interrupts it. */
    private static final class Run implements Response.Tunnel {
        private final CommandLines.Prepared prepared;
        private final CommandLines.Call call;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile Thread thread;

        Run(CommandLines.Prepared prepared, CommandLines.Call call) {
            this.prepared = prepared;
            this.call = call;
        }

        @Override
        public void fromClient(byte[] data) {
            // the client sends nothing after its request: commands that read stdin run in the client
        }

        @Override
        public void clientDone() {}

        @Override
        public void toClient(Consumer<byte[]> sink) {
            thread = Thread.currentThread();
            int code;
            try {
                code = prepared.run(new Frames(STDOUT, sink), new Frames(STDERR, sink));
            } finally {
                finished.set(true);
            }
            if (Thread.interrupted()) {
                log.debug("cli {}: the client went away", call.args());
                return;
            }
            sink.accept(frame(EXIT, ByteBuffer.allocate(4).putInt(code).array(), 0, 4));
        }

        @Override
        public void close() {
            Thread t = thread;
            if (t != null && !finished.get()) {
                t.interrupt(); // a follow (logs -f, events) or a wait ends with its client
            }
        }
    }

    /** Bytes written become frames of one stream. */
    private static final class Frames extends OutputStream {
        private final byte stream;
        private final Consumer<byte[]> sink;

        Frames(byte stream, Consumer<byte[]> sink) {
            this.stream = stream;
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) {
                sink.accept(frame(stream, b, off, len));
            }
        }
    }
}
