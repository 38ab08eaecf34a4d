package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Fixture.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's reuse of upstream connections against backends that end them: one that says
 * {@code Connection: close} (busybox httpd) and one that closes a kept-alive connection as the next
 * request arrives. A single endpoint, so no other endpoint can hide a wrong reuse behind a retry.
 */
class UpstreamConnectionTest {
    Fixture f;
    RawBackend backend;

    @BeforeEach
    void setUp() throws IOException {
        f = new Fixture();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (backend != null) {
            backend.close();
        }
        f.close();
    }

    @Test
    void aConnectionTheBackendSaidItWouldCloseIsNotUsedAgain() throws Exception {
        // answers one request per connection with Connection: close, and closes only 2 s later: a
        // reused connection would wait for an answer that never comes, then see the close
        backend = new RawBackend(1, "Connection: close\r\n", 2000);
        f.apply(route("app", List.of(new Route.Version("stable", List.of(backend.address()), 1000))));

        for (int i = 0; i < 3; i++) {
            var r = f.get("/");
            assertThat(r.statusCode()).as("request " + i + ": " + r.body()).isEqualTo(200);
        }
        assertThat(backend.connections.get()).isEqualTo(3);
    }

    @Test
    void aGetOnAPooledConnectionTheBackendClosedIsSentAgainOnANewOne() throws Exception {
        // keeps connections alive, but closes each one without an answer when its second request comes
        backend = new RawBackend(1, "", 0);
        f.apply(route("app", List.of(new Route.Version("stable", List.of(backend.address()), 1000))));

        assertThat(f.get("/").statusCode()).isEqualTo(200);
        var second = f.get("/");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(backend.connections.get()).isEqualTo(2);
        assertThat(backend.answered.get()).isEqualTo(2);
    }

    /**
     * A backend on raw sockets: answers the first {@code answersPerConnection} requests of each
     * connection with 200 and {@code extraHeaders}, then closes it ({@code lingerMillis} after the
     * last answer when it said it would close, or at once when the next request comes).
     */
    static final class RawBackend implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        private final ServerSocket server;
        private final Thread acceptor;

        RawBackend(int answersPerConnection, String extraHeaders, long lingerMillis) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread.ofPlatform().daemon().start(() -> serve(s, answersPerConnection, extraHeaders, lingerMillis));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        private void serve(Socket s, int answers, String extraHeaders, long lingerMillis) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                for (int i = 0; i < answers; i++) {
                    if (!readHead(in)) {
                        return;
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + extraHeaders + "\r\nok").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    answered.incrementAndGet();
                }
                if (lingerMillis > 0) {
                    Thread.sleep(lingerMillis);
                } else {
                    readHead(in); // the next request: closed unanswered
                }
            } catch (IOException | InterruptedException e) {
                // the gateway went away
            }
        }

        /** Reads up to the blank line that ends a request's head; false at the end of the stream. */
        private static boolean readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    return true;
                }
            }
            return false;
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
