package dev.legends.gateway.engine;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection handler shares: the current table, the pools, the metrics and the mirror's budget. */
final class Proxy {
    /** A mirror copy buffers at most this much body; a larger request is not mirrored. */
    static final int SHADOW_BODY_MAX = 256 * 1024;
    /** Mirror copies in flight at once, across the gateway; more are skipped, never queued (at most 128 MB of bodies). */
    static final int SHADOW_MAX_IN_FLIGHT = 512;

    private volatile RouteTable table;
    private volatile Set<String> live = Set.of();
    final Metrics metrics = new Metrics();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicInteger shadowInFlight = new AtomicInteger();
    private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();
    private final Class<? extends Channel> upstreamType;
    /** Null: no access log. */
    volatile AccessLog accessLog;

    Proxy(RouteTable table, Class<? extends Channel> upstreamType) {
        this.upstreamType = upstreamType;
        swap(table);
    }

    RouteTable table() {
        return table;
    }

    Set<String> live() {
        return live;
    }

    /** One volatile write: a request reads either the old table or the new one, never a mix. */
    void swap(RouteTable next) {
        Set<String> addresses = new java.util.HashSet<>();
        next.config.routes().forEach(r -> r.versions().forEach(v -> addresses.addAll(v.endpoints())));
        live = Set.copyOf(addresses);
        table = next;
        pools.forEach((loop, pool) -> loop.execute(() -> pool.retain(live)));
    }

    UpstreamPool pool(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new UpstreamPool(l, upstreamType));
    }

    boolean takeShadowPermit() {
        if (shadowInFlight.incrementAndGet() > SHADOW_MAX_IN_FLIGHT) {
            shadowInFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void closePools() {
        pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
    }
}
