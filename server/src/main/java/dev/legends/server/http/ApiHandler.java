package dev.legends.server.http;

import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiError;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one HTTP request into a {@link Request}, runs the route on a virtual thread (handlers
 * touch SQLite and the runtime, which block) and writes the answer back.
 *
 * <p>Reading is paused while a request is being handled, so a keep-alive client that pipelines
 * gets its answers in order without a queue here.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final Access access;
    private final Executor executor;

    /** {@code access} null means the listener is the unix socket, whose file mode is the guard. */
    ApiHandler(Router router, Access access, Executor executor) {
        this.router = router;
        this.access = access;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (msg.decoderResult().isFailure()) {
            writeFull(ctx, errorResponse(ErrorKind.INVALID_ARGUMENT, "malformed HTTP request: " + msg.decoderResult().cause()), false);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
        Request req = new Request(msg.method().name(), qs.path(), qs.parameters(), Map.of(),
                ByteBufUtil.getBytes(msg.content()), headers(msg));
        String refusal = access == null ? null : access.refusal(req);
        if (refusal != null) {
            writeFull(ctx, errorResponse(ErrorKind.UNAUTHORIZED, refusal), keepAlive);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        executor.execute(() -> respond(ctx, req, keepAlive));
    }

    private static Map<String, String> headers(FullHttpRequest msg) {
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, String> h : msg.headers()) {
            m.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        return m;
    }

    private void respond(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
        Response response;
        try {
            response = router.dispatch(req);
        } catch (LegendsException e) {
            if (e.kind() == ErrorKind.INTERNAL) {
                log.error("{} {}: {}", req.method(), req.path(), e.getMessage(), e);
            } else {
                log.debug("{} {}: {}", req.method(), req.path(), e.getMessage());
            }
            response = errorResponse(e.kind(), e.getMessage());
        } catch (Exception e) {
            log.error("{} {} failed", req.method(), req.path(), e);
            response = errorResponse(ErrorKind.INTERNAL, "internal error: " + e);
        }
        switch (response) {
            case Response.Full full -> writeFull(ctx, full, keepAlive);
            case Response.Stream stream -> writeStream(ctx, stream);
            case Response.Upgrade upgrade -> Upgrades.run(ctx, upgrade);
        }
    }

    private static Response.Full errorResponse(ErrorKind kind, String message) {
        return new Response.Full(kind.httpStatus(), "application/json", Json.bytes(new ApiError(kind.name(), message)));
    }

    private static void writeFull(ChannelHandlerContext ctx, Response.Full full, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(full.status()),
                Unpooled.wrappedBuffer(full.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, full.contentType());
        full.headers().forEach((name, value) -> res.headers().set(name, value));
        HttpUtil.setContentLength(res, full.body().length);
        HttpUtil.setKeepAlive(res, keepAlive);
        var written = ctx.writeAndFlush(res);
        if (keepAlive) {
            written.addListener(f -> ctx.channel().config().setAutoRead(true));
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void writeStream(ChannelHandlerContext ctx, Response.Stream stream) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        // A stream reads nothing more from its client, but must notice when the client goes away.
        ctx.channel().config().setAutoRead(true);
        Response.EventSink sink = new Response.EventSink() {
            @Override
            public boolean send(String data) {
                if (!ctx.channel().isActive()) {
                    return false;
                }
                String frame = "data: " + data.replace("\n", "\ndata: ") + "\n\n";
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8)));
                return true;
            }

            @Override
            public boolean isOpen() {
                return ctx.channel().isActive();
            }

            @Override
            public void awaitClose() throws InterruptedException {
                ctx.channel().closeFuture().await();
            }
        };
        try {
            stream.body().open(sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("event stream ended: {}", e.toString());
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("API connection closed: {}", cause.toString());
        ctx.close();
    }
}
