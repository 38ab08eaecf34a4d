package dev.legends.server.api;

import com.fasterxml.jackson.databind.JavaType;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 client for the daemon's API, on the JDK's socket channels alone: the CLI starts
 * a new JVM for every command, and a full HTTP stack costs more start-up time than the request.
 * One request per connection; answers with Content-Length, chunked bodies or read-to-close.
 */
public final class ApiClient {
    private final Endpoint endpoint;

    public ApiClient(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public <T> T get(String path, Class<T> type) {
        return Json.read(call("GET", path, null), type);
    }

    public <T> T get(String path, JavaType type) {
        return Json.read(call("GET", path, null), type);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return Json.read(call("POST", path, Json.bytes(body)), type);
    }

    public <T> T delete(String path, Class<T> type) {
        return Json.read(call("DELETE", path, null), type);
    }

    /** Sends a request and returns the body of a 2xx answer; an error answer becomes its exception. */
    public byte[] call(String method, String path, byte[] body) {
        try (SocketChannel ch = open()) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024);
            send(Channels.newOutputStream(ch), method, path, body);
            HttpResponseReader r = HttpResponseReader.read(in);
            byte[] content = r.body().readAllBytes();
            if (r.status() / 100 != 2) {
                throw error(r.status(), content);
            }
            return content;
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Reads a Server-Sent Events stream, handing each event's data to {@code onData} until it
     * returns false or the daemon closes the stream.
     */
    public void stream(String path, Predicate<String> onData) {
        stream("GET", path, null, onData);
    }

    /** Runs a long operation that reports progress, and returns its result (or throws its error). */
    public <T> T progress(String method, String path, Object body, java.util.function.Consumer<String> onProgress, Class<T> type) {
        return progress(method, path, body, onProgress, type, null);
    }

    /**
     * As {@link #progress(String, String, Object, java.util.function.Consumer, Class)}; after a
     * result, the events that follow it on the same stream go to {@code then} until it returns false.
     */
    public <T> T progress(String method, String path, Object body, java.util.function.Consumer<String> onProgress, Class<T> type,
                          Predicate<String> then) {
        Object[] outcome = new Object[1];
        stream(method, path, body == null ? null : Json.bytes(body), data -> {
            if (outcome[0] != null) {
                return then.test(data);
            }
            ProgressEvent e = Json.read(data.getBytes(java.nio.charset.StandardCharsets.UTF_8), ProgressEvent.class);
            if (e.progress() != null) {
                onProgress.accept(e.progress());
                return true;
            }
            outcome[0] = e.error() != null ? e.error() : e.result();
            return then != null && e.error() == null;
        });
        if (outcome[0] instanceof ApiError err) {
            throw new LegendsException(ErrorKind.valueOf(err.code()), err.message());
        }
        if (outcome[0] == null) {
            throw LegendsException.unavailable("the legends daemon ended " + path + " without a result");
        }
        return Json.mapper().convertValue(outcome[0], type);
    }

    private void stream(String method, String path, byte[] body, Predicate<String> onData) {
        try (SocketChannel ch = open()) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024);
            send(Channels.newOutputStream(ch), method, path, body);
            HttpResponseReader r = HttpResponseReader.read(in);
            if (r.status() / 100 != 2) {
                throw error(r.status(), r.body().readAllBytes());
            }
            StringBuilder data = new StringBuilder();
            for (String line; (line = HttpResponseReader.line(r.body())) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() && !onData.test(data.toString())) {
                        return;
                    }
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** A connection the daemon switched to raw bytes (HTTP 101): read its output, write to its input. */
    public record Upgraded(SocketChannel channel, InputStream in, OutputStream out) implements AutoCloseable {
        /** Tells the daemon no more input comes; its output goes on. */
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Sends {@code method path} asking to upgrade to {@code protocol}; on 101 the connection is the
     * caller's. Its streams read and write through the channel itself, so that one thread may
     * read while another writes.
     */
    public Upgraded upgrade(String method, String path, String protocol) {
        SocketChannel ch = open();
        try {
            InputStream in = new BufferedInputStream(new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return len == 0 ? 0 : ch.read(java.nio.ByteBuffer.wrap(b, off, len));
                }
            }, 16 * 1024);
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            };
            send(out, method, path, null, "Connection: Upgrade\r\nUpgrade: " + protocol + "\r\n");
            HttpResponseReader r = HttpResponseReader.read(in);
            if (r.status() != 101) {
                throw error(r.status(), r.body().readAllBytes());
            }
            return new Upgraded(ch, in, out);
        } catch (IOException e) {
            closeQuietly(ch);
            throw lost(e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private SocketChannel open() {
        try {
            return switch (endpoint) {
                case Endpoint.Unix u -> connect(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(u.socket()));
                case Endpoint.Tcp t -> connect(StandardProtocolFamily.INET, new InetSocketAddress(t.host(), t.port()));
            };
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new LegendsException(ErrorKind.UNAVAILABLE, "cannot connect to the legends daemon at " + endpoint
                    + " (" + why + "): is it running? Start it with: legends daemon", e);
        }
    }

    private static SocketChannel connect(StandardProtocolFamily family, SocketAddress address) throws IOException {
        SocketChannel ch = SocketChannel.open(family);
        try {
            ch.connect(address);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private void send(OutputStream out, String method, String path, byte[] body) throws IOException {
        send(out, method, path, body, "Connection: close\r\n");
    }

    private void send(OutputStream out, String method, String path, byte[] body, String connection) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: legends\r\nUser-Agent: legends-cli\r\n").append(connection).append("Accept: application/json\r\n");
        if (endpoint instanceof Endpoint.Tcp t && t.token() != null) {
            head.append("Authorization: Bearer ").append(t.token()).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private static LegendsException error(int status, byte[] content) {
        String message;
        try {
            ApiError e = Json.read(content, ApiError.class);
            message = e.message() != null ? e.message() : "HTTP " + status;
        } catch (LegendsException notJson) {
            message = "HTTP " + status + ": " + new String(content, StandardCharsets.UTF_8).strip();
        }
        return new LegendsException(ErrorKind.fromHttpStatus(status), message);
    }

    private LegendsException lost(IOException e) {
        return new LegendsException(ErrorKind.UNAVAILABLE, "lost the connection to the legends daemon at " + endpoint
                + ": " + e.getMessage(), e);
    }
}
