package dev.legends.gateway.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one connection, and the exchange in progress on it (one at a time: pipelined
 * requests wait their turn). Backpressure by writability: when the side we write to has more than
 * its high-water mark queued, the side we read from stops reading (AUTO_READ off) until the queue
 * drains, so a 50 MB body never sits in memory. Reads are not requested one by one: on epoll each
 * explicit read costs two epoll_ctl calls, which halved throughput in the benchmark.
 * The upstream connection runs on this connection's event loop, so no field needs to be volatile.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements Upstream {
    private final Proxy proxy;
    private final String listener;
    private ChannelHandlerContext ctx;
    private final ArrayDeque<Object> parked = new ArrayDeque<>();

    // the exchange in progress
    private HttpRequest request;
    private HttpRequest upstreamRequest;
    private boolean requestDone;
    private boolean requestHasBody;
    private boolean clientKeepAlive;
    private boolean clientHttp10;
    private long startNanos;
    private CompiledRoute route;
    private CompiledRoute.VersionTarget version;
    private String setCookie;
    private Endpoint endpoint;
    private final Set<Endpoint> tried = new HashSet<>();
    private Channel upstream;
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
    private boolean responseStarted;
    private boolean informational;
    private boolean upgraded;
    private int status;
    private ScheduledFuture<?> responseTimeout;
    private boolean timedOut;
    private MirrorCopy mirror;
    private boolean recorded;

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
        if (request != null && requestDone) {
            parked.addLast(msg); // a pipelined request: served when the current one ends
            autoRead(ctx.channel(), false);
            return;
        }
        if (msg instanceof HttpRequest r) {
            if (r.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                rejectMalformed(r.decoderResult().cause());
                return;
            }
            begin(r);
        }
        if (msg instanceof HttpContent c) {
            if (request == null) {
                c.release(); // the tail of a request we already answered
                return;
            }
            requestContent(c);
        }
    }

    private void begin(HttpRequest r) {
        proxy.inFlight.incrementAndGet();
        startNanos = System.nanoTime();
        request = r;
        requestDone = false;
        requestHasBody = HttpUtil.isTransferEncodingChunked(r) || HttpUtil.getContentLength(r, 0L) > 0;
        clientKeepAlive = HttpUtil.isKeepAlive(r);
        clientHttp10 = r.protocolVersion().equals(HttpVersion.HTTP_1_0);
        RouteTable table = proxy.table();
        String path = r.uri();
        route = table.find(listener, r.headers().get(HttpHeaderNames.HOST), path);
        if (route == null) {
            respond(HttpResponseStatus.NOT_FOUND, "no route for host " + r.headers().get(HttpHeaderNames.HOST) + " and path " + pathOnly(path));
            return;
        }
        CompiledRoute.Choice choice = route.choose(r);
        version = choice.version();
        setCookie = choice.setCookie();
        upstreamRequest = Forwarding.upstream(r, clientIp());
        if (route.mirror != null && !Forwarding.isUpgrade(r)) {
            mirror = MirrorCopy.maybe(proxy, ctx.channel().eventLoop(), route, version, upstreamRequest);
        }
        connect();
    }

    private void connect() {
        endpoint = route.pick(version, tried);
        if (endpoint == null) {
            respond(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy endpoint for route " + route.route.name() + " version " + version.name);
            return;
        }
        tried.add(endpoint);
        endpoint.inFlight.incrementAndGet();
        int timeout = (int) positive(route.route.policy().connectTimeoutMillis(), 2000);
        Future<Channel> f = proxy.pool(ctx.channel().eventLoop()).acquire(endpoint, timeout, this);
        if (f.isDone()) {
            connected(f);
        } else {
            autoRead(ctx.channel(), false); // no more body until there is somewhere to send it
            f.addListener(x -> connected(f));
        }
    }

    private void connected(Future<Channel> f) {
        autoRead(ctx.channel(), true);
        if (request == null) { // the client left while we connected
            if (f.isSuccess()) {
                f.getNow().close();
            }
            return;
        }
        if (!f.isSuccess()) {
            endpoint.inFlight.decrementAndGet();
            endpoint.failed();
            stats().connectFailure();
            if (mayRetry()) {
                connect();
            } else {
                respond(HttpResponseStatus.BAD_GATEWAY, "upstream " + endpoint + ": " + f.cause().getMessage());
            }
            return;
        }
        upstream = f.getNow();
        upstream.write(upstreamRequest);
        boolean wasDone = requestDone;
        while (!pending.isEmpty()) {
            upstream.write(pending.pollFirst());
        }
        upstream.flush();
        pauseIfUnwritable(upstream, ctx.channel());
        if (wasDone) {
            startResponseTimer();
        }
    }

    private void requestContent(HttpContent c) {
        if (mirror != null) {
            mirror.body(c);
        }
        boolean last = c instanceof LastHttpContent;
        if (last) {
            requestDone = true;
            if (mirror != null) {
                mirror.requestDone();
            }
        }
        if (upstream == null) {
            if (responseStarted || status != 0) {
                c.release(); // answered already (an error): drop the rest
            } else {
                pending.addLast(c);
            }
            return;
        }
        upstream.writeAndFlush(c);
        pauseIfUnwritable(upstream, ctx.channel());
        if (last) {
            startResponseTimer();
        }
    }

    private void startResponseTimer() {
        long ms = positive(route.route.policy().responseTimeoutMillis(), 30_000);
        Channel up = upstream;
        responseTimeout = ctx.channel().eventLoop().schedule(() -> {
            if (upstream == up && !responseStarted) {
                timedOut = true;
                up.close();
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    // ---- the upstream's answer, on this event loop

    @Override
    public void upstreamHead(HttpResponse r) {
        int code = r.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            informational = true; // 100 Continue and friends: forward, the real answer follows
            ctx.writeAndFlush(r);
            return;
        }
        cancelTimer();
        status = code;
        responseStarted = true;
        if (code == 101) {
            upgraded = true;
            Forwarding.downstream(r, true);
            ctx.writeAndFlush(r).addListener(w -> switchToTunnel());
            return;
        }
        if (clientHttp10 && HttpUtil.isTransferEncodingChunked(r)) {
            HttpUtil.setTransferEncodingChunked(r, false); // HTTP/1.0 knows no chunks: the body ends at the close
            clientKeepAlive = false;
        }
        boolean keep = clientKeepAlive && requestDone;
        boolean framed = HttpUtil.isContentLengthSet(r) || HttpUtil.isTransferEncodingChunked(r)
                || request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (!framed && clientHttp10) {
            keep = clientKeepAlive = false;
        } else if (!framed) {
            HttpUtil.setTransferEncodingChunked(r, true); // the backend reads to close; the client gets chunks
        }
        Forwarding.downstream(r, keep);
        if (setCookie != null) {
            r.headers().add(HttpHeaderNames.SET_COOKIE, setCookie);
        }
        if (mirror != null) {
            mirror.primaryHead(r);
        }
        ctx.write(r);
    }

    @Override
    public void upstreamContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (informational) {
            informational = !last;
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
        if (mirror != null) {
            mirror.primaryContent(c.content());
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
        endpoint.inFlight.decrementAndGet();
        if (responseStarted) {
            status = 502; // reset in the middle of the body: the client can only see a cut connection
            endpoint.failed();
            record();
            ctx.close();
            clear();
            return;
        }
        endpoint.failed();
        if (timedOut) {
            respond(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream " + endpoint + " did not answer in time");
        } else if (!requestHasBody && mayRetry()) {
            connect(); // a kept-alive connection the backend had just closed, or a reset: safe to try again
        } else {
            respond(HttpResponseStatus.BAD_GATEWAY, "upstream " + endpoint + " closed the connection");
        }
    }

    /** The response has ended: hand the upstream connection back and get ready for the next request. */
    private void finish(boolean upstreamReusable) {
        endpoint.inFlight.decrementAndGet();
        if (status >= 500) {
            endpoint.failed();
        } else {
            endpoint.succeeded();
        }
        Channel up = upstream;
        upstream = null;
        if (up != null) {
            if (upstreamReusable && requestDone) {
                proxy.pool(ctx.channel().eventLoop()).release(endpoint, up, proxy.live());
            } else {
                up.pipeline().get(BackendHandler.class).owner = null;
                up.close();
            }
        }
        if (mirror != null) {
            mirror.primaryDone(status);
        }
        record();
        boolean keep = clientKeepAlive && requestDone;
        clear();
        if (!keep) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        while (!parked.isEmpty() && !(request != null && requestDone)) {
            channelRead(ctx, parked.pollFirst());
        }
        if (parked.isEmpty() && (request == null || upstream != null)) { // not while a replayed request connects
            autoRead(ctx.channel(), true);
        }
    }

    private void record() {
        if (recorded || request == null) {
            return;
        }
        recorded = true;
        long nanos = System.nanoTime() - startNanos;
        if (version != null) {
            stats().record(status, nanos);
        }
        AccessLog log = proxy.accessLog;
        if (log != null) {
            log.request(clientIp(), request.method().name(), request.uri(), request.headers().get(HttpHeaderNames.HOST),
                    route == null ? null : route.route.name(), version == null ? null : version.name,
                    endpoint == null ? null : endpoint.address, status, nanos / 1000);
        }
    }

    private VersionStats stats() {
        return proxy.metrics.version(route.route.name(), version.name);
    }

    private void clear() {
        if (request != null) {
            proxy.inFlight.decrementAndGet();
        }
        request = null;
        upstreamRequest = null;
        route = null;
        version = null;
        setCookie = null;
        endpoint = null;
        tried.clear();
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        responseStarted = false;
        informational = false;
        status = 0;
        timedOut = false;
        recorded = false;
        if (mirror != null) {
            mirror.primaryGone();
        }
        mirror = null;
    }

    /** The gateway's own answer (404, 502, 503, 504): the exchange ends here. */
    private void respond(HttpResponseStatus s, String message) {
        status = s.code();
        // a request without a body has only its empty last chunk to come: it is dropped on arrival
        boolean keep = clientKeepAlive && (requestDone || !requestHasBody);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s,
                Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().set(HttpHeaderNames.VIA, Forwarding.VIA);
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (!keep) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        record();
        clear();
        if (keep) {
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void rejectMalformed(Throwable cause) {
        HttpResponseStatus s = cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s,
                Unpooled.copiedBuffer(s.reasonPhrase() + "\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(r, r.content().readableBytes());
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
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
        endpoint.inFlight.decrementAndGet(); // a tunnel is no longer a request to balance on
        endpoint = null;
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
            up.pipeline().get(BackendHandler.class).owner = null;
            up.close(); // mid-exchange: the connection cannot be reused
        }
        if (endpoint != null) { // counted from connect() until the exchange ends
            endpoint.inFlight.decrementAndGet();
            endpoint = null;
        }
        cancelTimer();
        if (request != null) {
            clear();
        }
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
        if (parked.isEmpty() && (request == null || upstream != null)) { // not while a replayed request connects
            autoRead(ctx.channel(), true);
        }
    }

    /** Stops reading {@code from} while {@code to} has more queued than its high-water mark. */
    private static void pauseIfUnwritable(Channel to, Channel from) {
        if (!to.isWritable()) {
            autoRead(from, false);
        }
    }

    private static void autoRead(Channel ch, boolean on) {
        if (ch.config().isAutoRead() != on) {
            ch.config().setAutoRead(on);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && request == null) {
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

    /** Idempotent, within the route's retries, and another endpoint to try: a retry cannot do harm. */
    private boolean mayRetry() {
        return idempotent() && tried.size() <= route.route.policy().retries() && route.pick(version, tried) != null;
    }

    private boolean idempotent() {
        HttpMethod m = request.method();
        return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS) || m.equals(HttpMethod.PUT)
                || m.equals(HttpMethod.DELETE) || m.equals(HttpMethod.TRACE);
    }

    private String clientIp() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    private static String pathOnly(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static long positive(long v, long fallback) {
        return v > 0 ? v : fallback;
    }
}
