package dev.legends.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client side alone, on an EmbeddedChannel: answers the gateway gives without any backend. */
class FrontendHandlerTest {
    private static EmbeddedChannel channel(GatewayConfig config) {
        Proxy proxy = new Proxy(new RouteTable(config, 1, Endpoint::new), NioSocketChannel.class);
        return new EmbeddedChannel(new HttpServerCodec(8192, 1024, 8192), new FrontendHandler(proxy, "http"));
    }

    private static String send(EmbeddedChannel ch, String raw) {
        ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    @Test
    void unknownHostIs404AndTheConnectionStaysOpen() {
        EmbeddedChannel ch = channel(GatewayConfig.empty().withRoute(Route.simple("a", "a.example", "/", "127.0.0.1:9")));
        String out = send(ch, "GET /x HTTP/1.1\r\nHost: b.example\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 404").contains("no route for host b.example and path /x").doesNotContain("close");
        assertThat(ch.isOpen()).isTrue();
        assertThat(send(ch, "GET /y HTTP/1.1\r\nHost: c.example\r\n\r\n")).startsWith("HTTP/1.1 404");
        ch.finishAndReleaseAll();
    }

    @Test
    void noEndpointIs503() {
        Route r = new Route("a", List.of(), "/", List.of(new Route.Version("stable", List.of(), 1000)), null, null, null, null);
        EmbeddedChannel ch = channel(GatewayConfig.empty().withRoute(r));
        assertThat(send(ch, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 503").contains("no healthy endpoint for route a version stable");
        ch.finishAndReleaseAll();
    }

    @Test
    void malformedAndOversizedRequestsAreRefusedAndClosed() {
        EmbeddedChannel bad = channel(GatewayConfig.empty());
        assertThat(send(bad, "NOT HTTP AT ALL\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(bad.isOpen()).isFalse();
        EmbeddedChannel big = channel(GatewayConfig.empty());
        assertThat(send(big, "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n")).startsWith("HTTP/1.1 431");
        assertThat(big.isOpen()).isFalse();
    }

    @Test
    void stickyBucketsAreStable() {
        assertThat(CompiledRoute.bucket("user-42")).isEqualTo(CompiledRoute.bucket("user-42")).isBetween(0, 999);
    }
}
