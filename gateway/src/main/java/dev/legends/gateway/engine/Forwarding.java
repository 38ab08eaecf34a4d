package dev.legends.gateway.engine;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Header rewriting at the proxy's two edges: hop-by-hop headers stop here (RFC 9110 7.6.1), the
 * standard forwarding headers are added. Transfer-Encoding stays: Netty's encoders frame the body
 * by it, and both sides speak HTTP/1.1.
 */
final class Forwarding {
    static final String VIA = "1.1 legends";
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    private Forwarding() {}

    /** The client's address as X-Forwarded-For and the access log give it. */
    static String clientIp(Channel client) {
        return client.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    /** "https" on a TLS listener's connection, else "http". */
    static String scheme(Channel client) {
        return client.pipeline().get(SslHandler.class) != null ? "https" : "http";
    }

    static boolean isUpgrade(HttpRequest r) {
        return r.headers().contains(HttpHeaderNames.UPGRADE) && r.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /**
     * The request as it goes upstream: HTTP/1.1, keep-alive, with X-Forwarded-For/Proto/Host and Via.
     * The client's request object is rewritten in place (it is ours, and a copy per request costs).
     * An X-Forwarded-Proto the client sent stays (a TLS-terminating balancer in front of a plain
     * listener says "https" that way); otherwise it is the listener's {@code scheme}.
     */
    static HttpRequest upstream(HttpRequest in, String clientIp, String scheme) {
        boolean upgrade = isUpgrade(in);
        String upgradeTo = in.headers().get(HttpHeaderNames.UPGRADE);
        HttpVersion clientVersion = in.protocolVersion();
        HttpHeaders h = in.headers();
        stripHopByHop(h);
        if (upgrade) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            h.set(HttpHeaderNames.UPGRADE, upgradeTo);
        }
        String xff = h.get("X-Forwarded-For");
        h.set("X-Forwarded-For", xff == null || xff.isBlank() ? clientIp : xff + ", " + clientIp);
        if (!h.contains("X-Forwarded-Proto")) {
            h.set("X-Forwarded-Proto", scheme);
        }
        String host = in.headers().get(HttpHeaderNames.HOST);
        if (host != null && !h.contains("X-Forwarded-Host")) {
            h.set("X-Forwarded-Host", host);
        }
        addVia(h, clientVersion);
        in.setProtocolVersion(HttpVersion.HTTP_1_1);
        return in;
    }

    /** The response as it goes to the client. A 101 keeps Connection and Upgrade: they are the point of it. */
    static void downstream(HttpResponse r, boolean keepAlive) {
        HttpHeaders h = r.headers();
        if (r.status().code() == 101) {
            addVia(h, r.protocolVersion());
            return;
        }
        stripHopByHop(h);
        addVia(h, r.protocolVersion());
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private static void stripHopByHop(HttpHeaders h) {
        for (String c : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : c.split(",")) {
                String n = name.trim();
                if (!n.isEmpty() && !n.equalsIgnoreCase("close") && !n.equalsIgnoreCase("keep-alive")) {
                    h.remove(n);
                }
            }
        }
        HOP_BY_HOP.forEach(h::remove);
    }

    private static void addVia(HttpHeaders h, HttpVersion v) {
        String via = (v.majorVersion() + "." + v.minorVersion()) + " legends";
        String old = h.get(HttpHeaderNames.VIA);
        h.set(HttpHeaderNames.VIA, old == null ? via : old + ", " + via);
    }
}
