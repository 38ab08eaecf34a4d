package dev.legends.gateway.engine;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.Route;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The admin API on a unix socket (mode 0600): JSON config and metrics for the daemon and the CLI,
 * Prometheus text at /metrics. Small requests, answered on the event loop: a config swap is quick.
 */
final class AdminServer implements AutoCloseable {
    private final Channel channel;
    private final Path socket;

    private AdminServer(Channel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
    }

    static AdminServer start(Gateway gateway, EventLoopGroup group, Path socket) {
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
            Files.deleteIfExists(socket); // a previous gateway's; the daemon starts one gateway per socket
            Channel ch = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024), new Handler(gateway));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString())).sync().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return new AdminServer(ch, socket);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw LegendsException.unavailable("gateway admin socket " + socket + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a stale socket file is replaced by the next start
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Gateway gateway;

        Handler(Gateway gateway) {
            this.gateway = gateway;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res;
            try {
                res = handle(req);
            } catch (LegendsException e) {
                res = json(HttpResponseStatus.valueOf(e.kind().httpStatus()), Map.of("code", e.kind().name(), "message", e.getMessage()));
            } catch (RuntimeException e) {
                res = json(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("code", "INTERNAL", "message", "internal error: " + e));
            }
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }

        private FullHttpResponse handle(FullHttpRequest req) {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            String[] parts = q.path().substring(1).split("/");
            String method = req.method().name();
            String what = parts[0];
            String name = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            byte[] body = ByteBufUtil.getBytes(req.content());
            switch (method + " " + what + (name == null ? "" : " *")) {
                case "GET status":
                    return json(HttpResponseStatus.OK, gateway.status());
                case "GET config":
                    return json(HttpResponseStatus.OK, gateway.config());
                case "PUT config":
                    return json(HttpResponseStatus.OK, gateway.apply(read(body, GatewayConfig.class)));
                case "GET routes":
                    return json(HttpResponseStatus.OK, gateway.config().routes());
                case "GET routes *": {
                    Route r = gateway.config().routes().stream().filter(x -> x.name().equals(name)).findFirst()
                            .orElseThrow(() -> LegendsException.notFound("no such route: " + name));
                    return json(HttpResponseStatus.OK, r);
                }
                case "PUT routes *": {
                    Route r = read(body, Route.class);
                    if (!name.equals(r.name())) {
                        throw LegendsException.invalid("route name " + r.name() + " does not match the path's " + name);
                    }
                    synchronized (gateway) {
                        return json(HttpResponseStatus.OK, gateway.apply(gateway.config().withRoute(r)));
                    }
                }
                case "DELETE routes *": {
                    synchronized (gateway) {
                        GatewayConfig c = gateway.config();
                        if (c.routes().stream().noneMatch(x -> x.name().equals(name))) {
                            throw LegendsException.notFound("no such route: " + name);
                        }
                        return json(HttpResponseStatus.OK, gateway.apply(c.withoutRoute(name)));
                    }
                }
                case "GET metrics": {
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.copiedBuffer(gateway.prometheus(), StandardCharsets.UTF_8));
                    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4");
                    HttpUtil.setContentLength(r, r.content().readableBytes());
                    return r;
                }
                case "GET metrics *": {
                    List<String> w = q.parameters().get("window");
                    long window = w == null ? 60 : parseLong(w.getFirst());
                    return json(HttpResponseStatus.OK, gateway.metrics(name, window));
                }
                default:
                    throw LegendsException.notFound("no such admin path: " + method + " " + q.path());
            }
        }

        private static long parseLong(String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw LegendsException.invalid("window: not a number of seconds: " + s);
            }
        }

        private static <T> T read(byte[] body, Class<T> type) {
            if (body.length == 0) {
                throw LegendsException.invalid("request body: expected a JSON " + type.getSimpleName());
            }
            return Json.read(body, type);
        }

        private static FullHttpResponse json(HttpResponseStatus status, Object value) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(Json.bytes(value)));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(r, r.content().readableBytes());
            return r;
        }
    }
}
