package dev.legends.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 101 Switching Protocols and hands the connection to a {@link Response.Tunnel}: the HTTP
 * handlers leave the pipeline, client bytes go to the tunnel, the tunnel's bytes to the client.
 */
final class Upgrades {
    private static final Logger log = LoggerFactory.getLogger(Upgrades.class);

    private Upgrades() {}

    /** Runs on the request's virtual thread, which then carries the tunnel's output until it ends. */
    static void run(ChannelHandlerContext ctx, Response.Upgrade upgrade) {
        Response.Tunnel tunnel = upgrade.tunnel();
        byte[] switching = ("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: " + upgrade.protocol() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        // The HTTP handlers leave before the 101 goes out, on the event loop: the client sends its
        // first raw byte once it reads the 101, and that byte must meet the tunnel, not the HTTP
        // decoder (which, with auto-read off, still asks for more input while it waits). So the
        // 101 is written as bytes, past a pipeline that no longer speaks HTTP.
        ctx.channel().eventLoop().submit(() -> {
            ChannelPipeline p = ctx.pipeline();
            List<ChannelHandler> http = new ArrayList<>();
            p.forEach(e -> http.add(e.getValue()));
            p.addLast(new Raw(tunnel));
            http.forEach(p::remove);
            // a client that has sent all its input half-closes; its output must still arrive
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(switching));
            ctx.channel().config().setAutoRead(true);
        }).syncUninterruptibly();
        ctx.channel().closeFuture().addListener(f -> tunnel.close());
        try {
            tunnel.toClient(data -> {
                var written = ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
                if (!ctx.channel().isWritable()) {
                    written.awaitUninterruptibly(); // a client that reads slowly slows the writer, not the heap
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("upgraded connection ended: {}", e.toString());
        } finally {
            tunnel.close();
            ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.channel().close());
        }
    }

    /** Client bytes to the tunnel, and its half-close. */
    private static final class Raw extends SimpleChannelInboundHandler<ByteBuf> {
        private final Response.Tunnel tunnel;

        Raw(Response.Tunnel tunnel) {
            this.tunnel = tunnel;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            tunnel.fromClient(ByteBufUtil.getBytes(msg));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                tunnel.clientDone();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("upgraded connection closed: {}", cause.toString());
            ctx.close();
        }
    }
}
