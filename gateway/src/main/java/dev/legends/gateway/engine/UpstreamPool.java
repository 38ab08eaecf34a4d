package dev.legends.gateway.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to backends, one pool per event loop: a client's connection and the
 * upstream connections it uses share a loop, so the pool needs no locks and a response's bytes
 * never cross threads.
 */
final class UpstreamPool {
    static final int MAX_IDLE_PER_ENDPOINT = 256;
    /** An idle pooled connection is closed after this long (a leased one is governed by the response timeout). */
    static final int IDLE_SECONDS = 60;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();

    UpstreamPool(EventLoop loop, Class<? extends Channel> channelType) {
        this.loop = loop;
        this.bootstrap = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    /** An idle connection to {@code e}, or a new one; its BackendHandler's owner is {@code owner}. */
    Future<Channel> acquire(Endpoint e, int connectTimeoutMillis, Upstream owner) {
        return acquire(e, connectTimeoutMillis, owner, false);
    }

    /** As above; {@code fresh}: a new connection even where an idle one is at hand. */
    Future<Channel> acquire(Endpoint e, int connectTimeoutMillis, Upstream owner, boolean fresh) {
        Promise<Channel> p = loop.newPromise();
        ArrayDeque<Channel> q = fresh ? null : idle.get(e.address);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollLast();
            if (ch.isActive()) {
                BackendHandler h = ch.pipeline().get(BackendHandler.class);
                h.owner = owner;
                h.pooled = true;
                return p.setSuccess(ch);
            }
        }
        ChannelFuture f = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        BackendHandler h = new BackendHandler(UpstreamPool.this, e);
                        h.owner = owner;
                        ch.pipeline().addLast("http", new HttpClientCodec(4096, 16 * 1024, 64 * 1024));
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                        ch.pipeline().addLast("backend", h);
                    }
                })
                .connect(e.socketAddress);
        f.addListener(done -> {
            if (done.isSuccess()) {
                p.setSuccess(f.channel());
            } else {
                p.setFailure(done.cause());
            }
        });
        return p;
    }

    /** Back to the pool after a complete exchange. */
    void release(Endpoint e, Channel ch, Set<String> live) {
        BackendHandler h = ch.pipeline().get(BackendHandler.class);
        h.owner = null;
        ArrayDeque<Channel> q = idle.computeIfAbsent(e.address, k -> new ArrayDeque<>());
        if (!ch.isActive() || !h.keepAlive || q.size() >= MAX_IDLE_PER_ENDPOINT || !live.contains(e.address)) {
            ch.close();
            return;
        }
        if (!ch.config().isAutoRead()) {
            ch.config().setAutoRead(true); // idle, it reads only to notice a close
        }
        q.addLast(ch);
    }

    void forget(Endpoint e, Channel ch) {
        ArrayDeque<Channel> q = idle.get(e.address);
        if (q != null) {
            q.remove(ch);
        }
    }

    /** Closes idle connections to endpoints no route uses any more (their leased ones finish first). */
    void retain(Set<String> live) {
        idle.entrySet().removeIf(en -> {
            if (live.contains(en.getKey())) {
                return false;
            }
            new java.util.ArrayList<>(en.getValue()).forEach(Channel::close);
            return true;
        });
    }

    void closeAll() {
        idle.values().forEach(q -> new java.util.ArrayList<>(q).forEach(Channel::close));
        idle.clear();
    }
}
