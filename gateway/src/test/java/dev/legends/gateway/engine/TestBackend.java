package dev.legends.gateway.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP backend on 127.0.0.1 for the tests. Every answer says who answered ("name=...") and
 * which forwarding headers it saw. Paths: /slow?ms=N, /status?code=N, /count (counts the request
 * body as it streams), /bytes?n=N (streams N bytes), /ws (101 then echoes raw bytes), /health,
 * /reset (closes without an answer).
 */
final class TestBackend implements AutoCloseable {
    final String name;
    final AtomicInteger requests = new AtomicInteger();
    volatile String body = "";
    volatile long delayMillis;
    volatile int healthStatus = 200;
    /** Answer {@link #body} alone, with a random X-Nonce header: for mirror comparisons. */
    volatile boolean plain;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final AtomicInteger connections = new AtomicInteger();

    TestBackend(String name) {
        this.name = name;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast(new Handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private HttpRequest request;
        private long counted;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf raw) { // after /ws: echo
                ctx.writeAndFlush(raw);
                return;
            }
            if (msg instanceof HttpRequest r) {
                request = r;
                counted = 0;
                requests.incrementAndGet();
                if (HttpUtil.is100ContinueExpected(r)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            }
            if (msg instanceof HttpContent c) {
                counted += c.content().readableBytes();
                c.release();
                if (c instanceof LastHttpContent) {
                    answer(ctx, request);
                }
            }
        }

        private void answer(ChannelHandlerContext ctx, HttpRequest r) {
            QueryStringDecoder q = new QueryStringDecoder(r.uri());
            Map<String, java.util.List<String>> p = q.parameters();
            boolean keep = HttpUtil.isKeepAlive(r);
            switch (q.path()) {
                case "/ws" -> {
                    HttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
                    res.headers().set(HttpHeaderNames.UPGRADE, r.headers().get(HttpHeaderNames.UPGRADE));
                    res.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
                    ctx.writeAndFlush(res).addListener(f -> ctx.pipeline().remove("http"));
                }
                case "/bytes" -> {
                    long n = Long.parseLong(p.get("n").getFirst());
                    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    if (p.containsKey("chunked")) {
                        HttpUtil.setTransferEncodingChunked(res, true);
                    } else {
                        HttpUtil.setContentLength(res, n);
                    }
                    ctx.write(res);
                    streamBytes(ctx, n, keep);
                }
                case "/health" -> reply(ctx, r, healthStatus, "health", keep);
                case "/reset" -> ctx.close();
                default -> {
                    long ms = p.containsKey("ms") ? Long.parseLong(p.get("ms").getFirst()) : delayMillis;
                    int code = p.containsKey("code") ? Integer.parseInt(p.get("code").getFirst()) : 200;
                    String text = plain ? body : "name=" + name + "\ncount=" + counted + "\nxff=" + r.headers().get("X-Forwarded-For")
                            + "\nxfp=" + r.headers().get("X-Forwarded-Proto") + "\nxfh=" + r.headers().get("X-Forwarded-Host")
                            + "\nvia=" + r.headers().get("Via") + "\nbody=" + body + "\n";
                    if (ms > 0) {
                        ctx.executor().schedule(() -> reply(ctx, r, code, text, keep), ms, TimeUnit.MILLISECONDS);
                    } else {
                        reply(ctx, r, code, text, keep);
                    }
                }
            }
        }

        private void streamBytes(ChannelHandlerContext ctx, long left, boolean keep) {
            if (left == 0) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(keep ? f -> { } : ChannelFutureListener.CLOSE);
                return;
            }
            int n = (int) Math.min(left, 64 * 1024);
            ByteBuf b = ctx.alloc().buffer(n);
            b.writeZero(n);
            ctx.writeAndFlush(new DefaultHttpContent(b)).addListener(f -> {
                if (f.isSuccess()) {
                    streamBytes(ctx, left - n, keep);
                }
            });
        }

        private void reply(ChannelHandlerContext ctx, HttpRequest r, int code, String text, boolean keep) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            res.headers().set("X-Backend", name);
            res.headers().set("X-Nonce", String.valueOf(System.nanoTime()));
            HttpUtil.setContentLength(res, res.content().readableBytes());
            HttpUtil.setKeepAlive(res, keep);
            ctx.writeAndFlush(res).addListener(keep ? f -> { } : ChannelFutureListener.CLOSE);
        }
    }
}
