package dev.legends.server.containers;

import dev.legends.core.LegendsException;
import dev.legends.linux.SeqpacketSocket;
import dev.legends.server.http.Response;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An attach client's connection joined to conmon's attach socket. conmon prefixes each output
 * message with its stream (1 stdout, 2 stderr); the client gets the data alone, as docker's raw
 * stream for a terminal. Input goes to conmon unchanged.
 */
final class AttachTunnel implements Response.Tunnel {
    /** conmon's messages are at most its 8 KiB buffer and the stream byte. */
    private static final int MAX_MESSAGE = 64 * 1024;

    private final SeqpacketSocket socket;

    private AttachTunnel(SeqpacketSocket socket) {
        this.socket = socket;
    }

    static AttachTunnel open(Path attachSocket) {
        try {
            return new AttachTunnel(SeqpacketSocket.connect(attachSocket));
        } catch (LegendsException e) {
            throw LegendsException.unavailable("attach: cannot connect to the container's monitor: " + e.getMessage());
        }
    }

    @Override
    public void fromClient(byte[] data) {
        // a unix socket that conmon drains at once: this send does not hold the event loop for long
        try {
            socket.send(data, 0, data.length);
        } catch (LegendsException e) {
            socket.close(); // the container has gone: toClient sees the end
        }
    }

    @Override
    public void clientDone() {
        try {
            socket.shutdownOutput();
        } catch (LegendsException e) {
            // already closed
        }
    }

    @Override
    public void toClient(Consumer<byte[]> sink) {
        for (byte[] m; (m = socket.receive(MAX_MESSAGE)) != null; ) {
            if (m.length > 1) {
                sink.accept(Arrays.copyOfRange(m, 1, m.length));
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
