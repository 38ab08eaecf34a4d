package dev.legends.gateway;

import com.fasterxml.jackson.databind.JavaType;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Talks to a gateway process through its admin socket (a unix socket, mode 0600: whoever can open
 * it is trusted). One HTTP/1.1 request per connection, JSON both ways; the gateway applies a
 * change atomically before it answers.
 */
public final class GatewayClient {
    private final Path socket;

    public GatewayClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** Adds or replaces one route; the rest of the config stays. */
    public GatewayConfig apply(Route route) {
        return Json.read(call("PUT", "/routes/" + q(route.name()), Json.bytes(route)), GatewayConfig.class);
    }

    public GatewayConfig remove(String route) {
        return Json.read(call("DELETE", "/routes/" + q(route), null), GatewayConfig.class);
    }

    public List<Route> routes() {
        return Json.read(call("GET", "/routes", null), listOf(Route.class));
    }

    public GatewayConfig config() {
        return Json.read(call("GET", "/config", null), GatewayConfig.class);
    }

    /** Replaces the whole config (listeners and routes). */
    public GatewayConfig replace(GatewayConfig config) {
        return Json.read(call("PUT", "/config", Json.bytes(config)), GatewayConfig.class);
    }

    public RouteMetrics metrics(String route) {
        return metrics(route, Duration.ofMinutes(1));
    }

    /** Cumulative counters, and counters and latency over the last {@code window}. */
    public RouteMetrics metrics(String route, Duration window) {
        return Json.read(call("GET", "/metrics/" + q(route) + "?window=" + window.toSeconds(), null), RouteMetrics.class);
    }

    public GatewayStatus status() {
        return Json.read(call("GET", "/status", null), GatewayStatus.class);
    }

    /** Every route's metrics in Prometheus text format. */
    public String prometheus() {
        return new String(call("GET", "/metrics", null), StandardCharsets.UTF_8);
    }

    /** True when a gateway answers on the socket. */
    public boolean alive() {
        try {
            status();
            return true;
        } catch (LegendsException e) {
            return false;
        }
    }

    private static JavaType listOf(Class<?> type) {
        return Json.listOf(type);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    byte[] call(String method, String path, byte[] body) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            byte[] payload = body == null ? new byte[0] : body;
            String head = method + " " + path + " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            return answer(Channels.newInputStream(ch), method + " " + path);
        } catch (IOException e) {
            throw LegendsException.unavailable("gateway admin socket " + socket + ": " + e.getMessage());
        }
    }

    /** The gateway answers with Content-Length and closes; anything but 2xx is its error JSON. */
    private static byte[] answer(InputStream in, String what) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw LegendsException.unavailable("gateway: " + what + ": truncated answer");
        }
        String head = new String(all, 0, end, StandardCharsets.US_ASCII);
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] content = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if (status / 100 != 2) {
            String kind = "INTERNAL";
            String message = new String(content, StandardCharsets.UTF_8);
            try {
                Map<?, ?> err = Json.read(content, Map.class);
                kind = String.valueOf(err.get("code"));
                message = String.valueOf(err.get("message"));
            } catch (LegendsException ignored) {
                // not JSON: keep the raw text
            }
            ErrorKind k;
            try {
                k = ErrorKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                k = ErrorKind.INTERNAL;
            }
            throw new LegendsException(k, message);
        }
        return content;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
