package dev.legends.gateway.engine;

import static dev.legends.gateway.engine.Backpressure.autoRead;
import static dev.legends.gateway.engine.Backpressure.pauseIfUnwritable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one connection, and the exchange in progress on it (one at a time: pipelined
 * requests wait their turn). Reading stops while the other side cannot keep up (see
 * {@link Backpressure}), so a 50 MB body never sits in memory. The upstream connection runs on
 * this connection's event loop, so no field needs to be volatile.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements Upstream {
    private final Proxy proxy;
    private final String listener;
    private ChannelHandlerContext ctx;
    private final ArrayDeque<Object> parked = new ArrayDeque<>();
    /** The exchange in progress, or null between requests. */
    private Exchange ex;
    /** The exchange's upstream connection: never set without an exchange. */
    private Channel upstream;
    private boolean upgraded;
    private ScheduledFuture<?> responseTimeout;

    FrontendHandler(Proxy proxy, String listener) {
        this.proxy = proxy;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        proxy.connections.incrementAndGet();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgraded) {
            relayToUpstream(msg);
            return;
        }
        if (ex != null && ex.requestDone) {
            parked.addLast(msg); // a pipelined request: served when the current one ends
            autoRead(ctx.channel(), false);
            return;
        }
        if (msg instanceof HttpRequest r) {
            if (r.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(ErrorResponses.malformed(r.decoderResult().cause())).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            begin(r);
        }
        if (msg instanceof HttpContent c) {
            if (ex == null) {
                c.release(); // the tail of a request we already answered
                return;
            }
            requestContent(c);
        }
    }

    private void begin(HttpRequest r) {
        ex = new Exchange(proxy, r);
        if (!ex.route(proxy.table(), listener, ctx.channel())) {
            respond(HttpResponseStatus.NOT_FOUND, "no route for host " + r.headers().get(HttpHeaderNames.HOST)
                    + " and path " + ErrorResponses.pathOnly(r.uri()));
            return;
        }
        connect();
    }

    private void connect() {
        Exchange e = ex;
        Endpoint endpoint = e.nextEndpoint();
        if (endpoint == null) {
            respond(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy endpoint for route " + e.route.route.name()
                    + " version " + e.version.name);
            return;
        }
        Future<Channel> f = proxy.pool(ctx.channel().eventLoop()).acquire(endpoint, e.connectTimeoutMillis(), this, e.wantsNewConnection());
        if (f.isDone()) {
            connected(f);
        } else {
            autoRead(ctx.channel(), false); // no more body until there is somewhere to send it
            f.addListener(x -> connected(f));
        }
    }

    private void connected(Future<Channel> f) {
        autoRead(ctx.channel(), true);
        Exchange e = ex;
        if (e == null) { // the client left while we connected
            if (f.isSuccess()) {
                f.getNow().close();
            }
            return;
        }
        if (!f.isSuccess()) {
            e.connectFailed();
            if (e.mayRetry()) {
                connect();
            } else {
                respond(HttpResponseStatus.BAD_GATEWAY, "upstream " + e.endpoint + ": " + f.cause().getMessage());
            }
            return;
        }
        upstream = f.getNow();
        e.pooledConnection = upstream.pipeline().get(BackendHandler.class).pooled;
        upstream.write(e.upstreamRequest);
        boolean wasDone = e.requestDone;
        while (!e.pending.isEmpty()) {
            upstream.write(e.pending.pollFirst());
        }
        upstream.flush();
        pauseIfUnwritable(upstream, ctx.channel());
        if (wasDone) {
            startResponseTimer(e);
        }
    }

    private void requestContent(HttpContent c) {
        Exchange e = ex;
        if (e.mirror != null) {
            e.mirror.body(c);
        }
        boolean last = c instanceof LastHttpContent;
        if (last) {
            e.requestDone = true;
            if (e.mirror != null) {
                e.mirror.requestDone();
            }
        }
        if (upstream == null) {
            if (e.responseStarted || e.status != 0) {
                c.release(); // answered already (an error): drop the rest
            } else {
                e.pending.addLast(c);
            }
            return;
        }
        upstream.writeAndFlush(c);
        pauseIfUnwritable(upstream, ctx.channel());
        if (last) {
            startResponseTimer(e);
        }
    }

    private void startResponseTimer(Exchange e) {
        long ms = e.responseTimeoutMillis();
        Channel up = upstream;
        responseTimeout = ctx.channel().eventLoop().schedule(() -> {
            if (upstream == up && !ex.responseStarted) { // upstream set: ex is too
                ex.timedOut = true;
                up.close();
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    // ---- the upstream's answer, on this event loop

    @Override
    public void upstreamHead(HttpResponse r) {
        int code = r.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            ex.informational = true; // 100 Continue and friends: forward, the real answer follows
            ctx.writeAndFlush(r);
            return;
        }
        cancelTimer();
        ex.status = code;
        ex.responseStarted = true;
        if (code == 101) {
            upgraded = true;
            Forwarding.downstream(r, true);
            ctx.writeAndFlush(r).addListener(w -> switchToTunnel());
            return;
        }
        ex.prepareHead(r);
        if (ex.mirror != null) {
            ex.mirror.primaryHead(r);
        }
        ctx.write(r);
    }

    @Override
    public void upstreamContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (ex.informational) {
            ex.informational = !last;
            ctx.writeAndFlush(c);
            return;
        }
        if (upgraded) {
            if (c.content().isReadable()) {
                ctx.writeAndFlush(c.content().retain());
            }
            c.release();
            return;
        }
        Channel up = upstream;
        if (ex.mirror != null) {
            ex.mirror.primaryContent(c.content());
        }
        if (last) {
            record(); // before the client can see the end, so that a reader of the metrics sees this request
        }
        ctx.writeAndFlush(c);
        if (last) {
            finish(true);
        } else {
            pauseIfUnwritable(ctx.channel(), up);
        }
    }

    @Override
    public void upstreamRaw(ByteBuf bytes) {
        ctx.writeAndFlush(bytes);
        if (upstream != null) {
            pauseIfUnwritable(ctx.channel(), upstream);
        }
    }

    @Override
    public void upstreamClosed(Throwable cause) {
        if (upstream == null) {
            return;
        }
        cancelTimer();
        upstream = null;
        if (upgraded) {
            ctx.close();
            return;
        }
        Exchange e = ex;
        if (e.retryOnNewConnection()) {
            connect();
            return;
        }
        e.endpointLost();
        if (e.responseStarted) {
            e.status = 502; // reset in the middle of the body: the client can only see a cut connection
            record();
            ctx.close();
            clear();
            return;
        }
        if (e.timedOut) {
            respond(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream " + e.endpoint + " did not answer in time");
        } else if (!e.requestHasBody && e.mayRetry()) {
            connect(); // a kept-alive connection the backend had just closed, or a reset: safe to try again
        } else {
            respond(HttpResponseStatus.BAD_GATEWAY, "upstream " + e.endpoint + " closed the connection");
        }
    }

    /** The response has ended: hand the upstream connection back and get ready for the next request. */
    private void finish(boolean upstreamReusable) {
        Exchange e = ex;
        e.endpointDone();
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            if (upstreamReusable && e.requestDone) {
                proxy.pool(ctx.channel().eventLoop()).release(e.endpoint, up, proxy.live());
            } else {
                abandon(up);
            }
        }
        if (e.mirror != null) {
            e.mirror.primaryDone(e.status);
        }
        record();
        boolean keep = e.clientKeepAlive && e.requestDone;
        clear();
        if (!keep) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        while (!parked.isEmpty() && !(ex != null && ex.requestDone)) {
            channelRead(ctx, parked.pollFirst());
        }
        if (parked.isEmpty() && (ex == null || upstream != null)) { // not while a replayed request connects
            autoRead(ctx.channel(), true);
        }
    }

    private void record() {
        if (ex != null) {
            ex.record(ctx.channel());
        }
    }

    private void clear() {
        Exchange e = ex;
        ex = null;
        if (e != null) {
            e.end();
        }
    }

    /** The gateway's own answer (404, 502, 503, 504): the exchange ends here. */
    private void respond(HttpResponseStatus s, String message) {
        ex.status = s.code();
        boolean keep = ex.keepAfterOwnAnswer();
        FullHttpResponse r = ErrorResponses.of(s, message, keep);
        record();
        clear();
        if (keep) {
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---- Upgrade: after a 101 both connections carry raw bytes

    private void switchToTunnel() {
        Channel up = upstream;
        if (up == null || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        ctx.pipeline().remove(HttpServerCodec.class);
        up.pipeline().remove(HttpClientCodec.class);
        record();
        ex.leaveEndpoint(); // a tunnel is no longer a request to balance on
        autoRead(ctx.channel(), true);
        autoRead(up, true);
    }

    private void relayToUpstream(Object msg) {
        Channel up = upstream;
        if (up == null || !(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        up.writeAndFlush(msg);
        pauseIfUnwritable(up, ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        proxy.connections.decrementAndGet();
        parked.forEach(ReferenceCountUtil::release);
        parked.clear();
        Channel up = upstream;
        if (up != null) {
            upstream = null;
            abandon(up); // mid-exchange: the connection cannot be reused
        }
        if (ex != null) { // counted from connect() until the exchange ends
            ex.leaveEndpoint();
        }
        cancelTimer();
        clear();
    }

    /** Closes {@code up} without telling us: its close is not news for an exchange that let go of it. */
    private static void abandon(Channel up) {
        up.pipeline().get(BackendHandler.class).owner = null;
        up.close();
    }

    /** The client drained what we wrote: read the upstream's answer again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null) {
            autoRead(upstream, true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The upstream drained what we wrote: read the client's body again (unless it waits in line). */
    @Override
    public void upstreamWritable() {
        if (parked.isEmpty() && (ex == null || upstream != null)) { // not while a replayed request connects
            autoRead(ctx.channel(), true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && ex == null) {
            ctx.close(); // an idle keep-alive connection: free it (a tunnel or a request in flight stays)
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by the client, mostly: nothing to tell anyone
    }

    private void cancelTimer() {
        if (responseTimeout != null) {
            responseTimeout.cancel(false);
            responseTimeout = null;
        }
    }
}
