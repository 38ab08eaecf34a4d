package dev.legends.gateway.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream side of one pooled connection. While leased it hands everything to its owner;
 * while idle in the pool, anything but a close is a protocol error and closes it. All calls run on
 * the connection's event loop, which is also its owner's: no field here needs to be volatile.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final UpstreamPool pool;
    final Endpoint endpoint;
    Upstream owner;
    /** Leased from the pool rather than connected for its owner: the backend may have closed it meanwhile. */
    boolean pooled;
    /**
     * The last answer allows another request on this connection: HTTP/1.1 without
     * {@code Connection: close} (busybox httpd, for one, closes after every answer and says so).
     */
    boolean keepAlive = true;

    BackendHandler(UpstreamPool pool, Endpoint endpoint) {
        this.pool = pool;
        this.endpoint = endpoint;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Upstream o = owner;
        if (o == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse r) {
            keepAlive = HttpUtil.isKeepAlive(r); // before the owner rewrites its headers
            o.upstreamHead(r);
        }
        if (msg instanceof HttpContent c) {
            o.upstreamContent(c);
        } else if (msg instanceof ByteBuf b) {
            o.upstreamRaw(b);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && owner == null) {
            ctx.close(); // idle in the pool for too long
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Upstream o = owner;
        if (o != null && ctx.channel().isWritable()) {
            o.upstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Upstream o = owner;
        owner = null;
        if (o != null) {
            o.upstreamClosed(null);
        } else {
            pool.forget(endpoint, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Upstream o = owner;
        owner = null;
        ctx.close();
        if (o != null) {
            o.upstreamClosed(cause);
        }
    }
}
