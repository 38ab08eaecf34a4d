package dev.legends.gateway.engine;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One request on a client connection and what has become of it so far: the route and version it
 * goes to, the endpoints tried, the body that came before a connection did, the answer's status.
 * The {@link FrontendHandler} makes one per request and drops it when the exchange ends. Only
 * that connection's event loop touches it, hence plain fields.
 */
final class Exchange {
    private final Proxy proxy;
    final HttpRequest request;
    private final long startNanos;
    final boolean requestHasBody;
    private final boolean clientHttp10;
    boolean clientKeepAlive;
    boolean requestDone;

    /** The request as rewritten for the upstream (the same object as {@link #request}). */
    HttpRequest upstreamRequest;
    CompiledRoute route;
    CompiledRoute.VersionTarget version;
    /** The sticky-version cookie to set on the answer, or null. */
    String setCookie;
    MirrorCopy mirror;
    /** Counted in its inFlight from the connect until the exchange ends (or turns into a tunnel). */
    Endpoint endpoint;
    final Set<Endpoint> tried = new HashSet<>();
    /** Body chunks that came before the upstream connection: written once it is there, released if it never is. */
    final ArrayDeque<HttpContent> pending = new ArrayDeque<>();

    boolean responseStarted;
    /** Inside a 1xx answer (100 Continue): the real one follows. */
    boolean informational;
    int status;
    boolean timedOut;
    /** The current upstream connection was leased from the pool, not connected for this request. */
    boolean pooledConnection;
    /** Sent again once on a new connection already (see {@link #retryOnNewConnection}). */
    private boolean resent;
    private boolean recorded;

    /** Counts the exchange in the proxy's in-flight requests until {@link #end()}. */
    Exchange(Proxy proxy, HttpRequest r) {
        this.proxy = proxy;
        proxy.inFlight.incrementAndGet();
        startNanos = System.nanoTime();
        request = r;
        requestHasBody = HttpUtil.isTransferEncodingChunked(r) || HttpUtil.getContentLength(r, 0L) > 0;
        clientKeepAlive = HttpUtil.isKeepAlive(r);
        clientHttp10 = r.protocolVersion().equals(HttpVersion.HTTP_1_0);
    }

    /**
     * Finds the route and, on it, the version for this request; prepares the request for the
     * upstream and, when the route mirrors, its copy. False: no route takes the request.
     */
    boolean route(RouteTable table, String listener, Channel client) {
        route = table.find(listener, request.headers().get(HttpHeaderNames.HOST), request.uri());
        if (route == null) {
            return false;
        }
        CompiledRoute.Choice choice = route.choose(request);
        version = choice.version();
        setCookie = choice.setCookie();
        upstreamRequest = Forwarding.upstream(request, Forwarding.clientIp(client), Forwarding.scheme(client));
        if (route.mirror != null && !Forwarding.isUpgrade(request)) {
            mirror = MirrorCopy.maybe(proxy, client.eventLoop(), route, version, upstreamRequest);
        }
        return true;
    }

    /** The next endpoint to try, counted in its in-flight requests from now on; null when none is left. */
    Endpoint nextEndpoint() {
        endpoint = route.pick(version, tried);
        if (endpoint != null) {
            tried.add(endpoint);
            endpoint.inFlight.incrementAndGet();
        }
        return endpoint;
    }

    void connectFailed() {
        endpoint.inFlight.decrementAndGet();
        endpoint.failed();
        stats().connectFailure();
    }

    /** The endpoint closed or reset the connection before its answer ended. */
    void endpointLost() {
        endpoint.inFlight.decrementAndGet();
        endpoint.failed();
    }

    /** The endpoint's answer has ended; a 5xx counts against it. */
    void endpointDone() {
        endpoint.inFlight.decrementAndGet();
        if (status >= 500) {
            endpoint.failed();
        } else {
            endpoint.succeeded();
        }
    }

    /** The exchange stops counting against its endpoint (a tunnel, or the client left). */
    void leaveEndpoint() {
        if (endpoint != null) {
            endpoint.inFlight.decrementAndGet();
            endpoint = null;
        }
    }

    int connectTimeoutMillis() {
        return (int) positive(route.route.policy().connectTimeoutMillis(), 2000);
    }

    long responseTimeoutMillis() {
        return positive(route.route.policy().responseTimeoutMillis(), 30_000);
    }

    /**
     * Whether to send the request again on a new connection, to any endpoint of its version, this one
     * included: a pooled keep-alive connection the backend closed before it read the request (its
     * close and our reuse crossed). Nothing was answered, the request is idempotent and has no body,
     * and it happens once per request; it is not counted against the endpoint.
     */
    boolean retryOnNewConnection() {
        if (!pooledConnection || resent || responseStarted || timedOut || requestHasBody || !idempotent()) {
            return false;
        }
        resent = true;
        endpoint.inFlight.decrementAndGet();
        tried.remove(endpoint);
        endpoint = null;
        return true;
    }

    /** Whether the next connect must not lease a pooled connection: after {@link #retryOnNewConnection}. */
    boolean wantsNewConnection() {
        return resent;
    }

    /** Idempotent, within the route's retries, and another endpoint to try: a retry cannot do harm. */
    boolean mayRetry() {
        return idempotent() && tried.size() <= route.route.policy().retries() && route.pick(version, tried) != null;
    }

    private boolean idempotent() {
        HttpMethod m = request.method();
        return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS) || m.equals(HttpMethod.PUT)
                || m.equals(HttpMethod.DELETE) || m.equals(HttpMethod.TRACE);
    }

    /** Makes the upstream's final head fit for this client: a framing it understands, no hop-by-hop headers, the sticky cookie. */
    void prepareHead(HttpResponse r) {
        int code = r.status().code();
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
    }

    /** Whether the client connection stays open after the gateway answers by itself. */
    boolean keepAfterOwnAnswer() {
        // a request without a body has only its empty last chunk to come: it is dropped on arrival
        return clientKeepAlive && (requestDone || !requestHasBody);
    }

    VersionStats stats() {
        return proxy.metrics.version(route.route.name(), version.name);
    }

    /** Metrics and access log, once per exchange, whichever way it ends. */
    void record(Channel client) {
        if (recorded) {
            return;
        }
        recorded = true;
        long nanos = System.nanoTime() - startNanos;
        if (version != null) {
            stats().record(status, nanos);
        }
        AccessLog log = proxy.accessLog;
        if (log != null) {
            log.request(Forwarding.clientIp(client), request.method().name(), request.uri(), request.headers().get(HttpHeaderNames.HOST),
                    route == null ? null : route.route.name(), version == null ? null : version.name,
                    endpoint == null ? null : endpoint.address, status, nanos / 1000);
        }
    }

    /** The exchange is over: no longer in flight, unsent body released, the mirror copy told. */
    void end() {
        proxy.inFlight.decrementAndGet();
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        if (mirror != null) {
            mirror.primaryGone();
        }
    }

    private static long positive(long v, long fallback) {
        return v > 0 ? v : fallback;
    }
}
