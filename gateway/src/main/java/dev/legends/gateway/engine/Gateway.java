package dev.legends.gateway.engine;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.gateway.GatewayConfig;
import dev.legends.gateway.GatewayStatus;
import dev.legends.gateway.RouteMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: listeners, the current route table, health checks, and the admin socket through
 * which the daemon (or {@link dev.legends.gateway.GatewayClient}) changes them. A change is
 * validated, its TLS certificates loaded, its new listeners bound, then the table swapped in one
 * write, then the config saved to {@code configFile}; a start loads that file, so the gateway
 * serves its last config whether or not a daemon is there.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** A client connection with no request and no traffic for this long is closed. */
    static final int CLIENT_IDLE_SECONDS = 120;

    private final Path configFile;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    /** The admin API's own thread: a config change (bind, save) never stalls a proxy event loop. */
    private final EventLoopGroup adminLoop;
    private final Class<? extends ServerChannel> serverType;
    private final Proxy proxy;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Bound> listeners = new LinkedHashMap<>();
    private final HealthChecker health;
    private final Instant startedAt = Instant.now();
    private AdminServer admin;
    private long generation;
    private boolean closed;

    private Gateway(Path configFile, int threads) {
        this.configFile = configFile;
        boolean epoll = Epoll.isAvailable();
        this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.adminLoop = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.proxy = new Proxy(new RouteTable(GatewayConfig.empty(), 0, this::endpoint), epoll ? EpollSocketChannel.class : NioSocketChannel.class);
        this.health = new HealthChecker(proxy::table);
    }

    /**
     * Starts a gateway serving the config saved in {@code configFile} (none yet: nothing), with its
     * admin API on the unix socket {@code adminSocket} (null: none).
     */
    public static Gateway start(Path configFile, Path adminSocket) {
        return start(configFile, adminSocket, Runtime.getRuntime().availableProcessors());
    }

    public static Gateway start(Path configFile, Path adminSocket, int threads) {
        return start(configFile, adminSocket, threads, null);
    }

    /** As {@link #start(Path, Path)}, with {@code threads} event loops and a JSON access log (null: none). */
    public static Gateway start(Path configFile, Path adminSocket, int threads, Path accessLog) {
        Gateway g = new Gateway(configFile, threads);
        try {
            if (accessLog != null) {
                try {
                    g.proxy.accessLog = AccessLog.open(accessLog);
                } catch (IOException e) {
                    throw LegendsException.unavailable("access log " + accessLog + ": " + e.getMessage());
                }
            }
            GatewayConfig saved = load(configFile);
            if (saved != null) {
                g.apply(saved);
            }
            if (adminSocket != null) {
                g.admin = AdminServer.start(g, g.adminLoop, adminSocket);
            }
            return g;
        } catch (RuntimeException e) {
            g.close(Duration.ZERO);
            throw e;
        }
    }

    private static GatewayConfig load(Path file) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            return Json.read(Files.readAllBytes(file), GatewayConfig.class).validate();
        } catch (IOException e) {
            throw LegendsException.unavailable("read gateway config " + file + ": " + e.getMessage());
        } catch (LegendsException e) {
            throw e.wrap("gateway config " + file);
        }
    }

    /** Makes {@code next} the config: all of it or, on any error, none of it. */
    public synchronized GatewayConfig apply(GatewayConfig next) {
        if (closed) {
            throw LegendsException.unavailable("the gateway is shutting down");
        }
        next.validate();
        Map<String, Serving> wanted = new LinkedHashMap<>();
        // certificates first: a bad file refuses the config before anything is bound
        next.listeners().forEach(l -> wanted.put(l.address(), new Serving(l.name(), ListenerTls.load(l))));
        List<String> opened = new ArrayList<>();
        try {
            for (GatewayConfig.Listener l : next.listeners()) {
                if (!listeners.containsKey(l.address())) {
                    listeners.put(l.address(), bind(l, wanted.get(l.address())));
                    opened.add(l.address());
                }
            }
        } catch (RuntimeException e) {
            opened.forEach(a -> listeners.remove(a).channel.close());
            throw e;
        }
        RouteTable table = new RouteTable(next, ++generation, this::endpoint);
        proxy.swap(table);
        // a kept socket serves its new name and certificate to new connections; open ones keep theirs
        wanted.forEach((a, s) -> listeners.get(a).serving = s);
        endpoints.keySet().retainAll(proxy.live());
        // a closed listener takes no new connections; those it accepted go on until their requests end
        new ArrayList<>(listeners.keySet()).stream().filter(a -> !wanted.containsKey(a)).forEach(a -> listeners.remove(a).channel.close());
        save(next);
        log.info("gateway config {}: {} listeners, {} routes", generation, next.listeners().size(), next.routes().size());
        return next;
    }

    private Endpoint endpoint(String address) {
        return endpoints.computeIfAbsent(address, Endpoint::new);
    }

    /** What a listening socket gives a new connection: the listener's name (for routes) and its TLS context (null: plain). */
    private record Serving(String name, SslContext ssl) {}

    /** A listening socket; {@code serving} changes when a config keeps the socket but changes the listener. */
    private static final class Bound {
        Channel channel;
        volatile Serving serving;

        Bound(Serving serving) {
            this.serving = serving;
        }
    }

    private Bound bind(GatewayConfig.Listener l, Serving first) {
        Bound bound = new Bound(first);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(serverType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Serving s = bound.serving;
                        if (s.ssl() != null) {
                            ch.pipeline().addLast(s.ssl().newHandler(ch.alloc()));
                        }
                        // 8 KB request line, 16 KB of headers (more is 431), body chunks of at most 64 KB
                        ch.pipeline().addLast(new HttpServerCodec(8192, 16 * 1024, 64 * 1024));
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, CLIENT_IDLE_SECONDS, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new FrontendHandler(proxy, s.name()));
                    }
                });
        try {
            bound.channel = b.bind(new InetSocketAddress(l.host(), l.port())).sync().channel();
            return bound;
        } catch (Exception e) {
            throw LegendsException.unavailable("listener " + l.name() + ": cannot listen on " + l.address() + ": " + e.getMessage());
        }
    }

    private void save(GatewayConfig config) {
        if (configFile == null) {
            return;
        }
        try {
            Files.createDirectories(configFile.toAbsolutePath().getParent());
            Path tmp = configFile.resolveSibling(configFile.getFileName() + ".tmp");
            Files.write(tmp, Json.pretty(config).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.move(tmp, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // serving the new config matters more than remembering it; the next change retries
            log.warn("could not save the gateway config to {}: {}", configFile, e.getMessage());
        }
    }

    public GatewayConfig config() {
        return proxy.table().config;
    }

    /** A route's metrics; latency and window counts over the last {@code windowSeconds}. */
    public RouteMetrics metrics(String route, long windowSeconds) {
        return proxy.metrics.read(proxy.table().byName.get(route), route, windowSeconds);
    }

    public String prometheus() {
        return proxy.metrics.prometheus();
    }

    public GatewayStatus status() {
        List<String> bound = new ArrayList<>();
        synchronized (this) {
            // the scheme says which listeners terminate TLS
            listeners.values().forEach(l -> bound.add((l.serving.ssl() != null ? "https://" : "http://")
                    + addressOf((java.net.InetSocketAddress) l.channel.localAddress())));
        }
        RouteTable t = proxy.table();
        return new GatewayStatus(ProcessHandle.current().pid(), startedAt.toEpochMilli(), t.generation, bound, t.config.routes().size(),
                proxy.inFlight.get(), proxy.connections.get());
    }

    private static String addressOf(java.net.InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Stops taking connections, lets open requests finish for up to {@code grace}, then stops. */
    public void close(Duration grace) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listeners.values().forEach(l -> l.channel.close());
            listeners.clear();
        }
        if (admin != null) {
            admin.close();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (proxy.inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        health.close();
        proxy.closePools();
        if (proxy.accessLog != null) {
            proxy.accessLog.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        adminLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("gateway stopped");
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
