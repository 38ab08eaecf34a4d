package dev.legends.server.http;

import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiError;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The API's listeners: always the unix socket; a loopback TCP port only when a token is set. */
public final class HttpApi implements AutoCloseable {
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Channel> listeners = new ArrayList<>();
    private final Router router;
    private Path socket;

    public HttpApi(Router router) {
        this.router = router;
    }

    /** Binds the unix socket with mode 0660 (owner and group may talk to the daemon, nobody else). */
    public void listenUnix(Path socket) {
        try {
            Files.createDirectories(socket.getParent());
            // The root lock is held, so a socket file left here is a dead daemon's.
            Files.deleteIfExists(socket);
            Channel ch = bootstrap(null).channel(EpollServerDomainSocketChannel.class)
                    .bind(new DomainSocketAddress(socket.toFile())).sync().channel();
            listeners.add(ch);
            this.socket = socket;
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.UNAVAILABLE, "listen on " + socket + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("interrupted while binding " + socket);
        }
    }

    /** Binds a TCP port on a loopback address; every request there must carry the bearer token. */
    public InetSocketAddress listenTcp(InetSocketAddress address, String token) {
        return listenTcp(address, Access.bearer(token));
    }

    /** Binds a TCP port on a loopback address, guarded by {@code access} (the dashboard's takes a session cookie too). */
    public InetSocketAddress listenTcp(InetSocketAddress address, Access access) {
        InetAddress ip = address.getAddress();
        if (ip == null || !ip.isLoopbackAddress()) {
            throw LegendsException.invalid("TCP listener " + address.getHostString() + ": only loopback addresses are allowed");
        }
        try {
            Channel ch = bootstrap(access).channel(EpollServerSocketChannel.class).bind(address).sync().channel();
            listeners.add(ch);
            return (InetSocketAddress) ch.localAddress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("interrupted while binding " + address);
        } catch (Exception e) {
            throw new LegendsException(ErrorKind.UNAVAILABLE, "listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private ServerBootstrap bootstrap(Access access) {
        return new ServerBootstrap().group(group).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new JsonErrorAggregator(MAX_BODY),
                        new ApiHandler(router, access, handlers));
            }
        });
    }

    /** Netty's aggregator answers an oversized body with an empty 413; every error here is JSON. */
    private static final class JsonErrorAggregator extends HttpObjectAggregator {
        JsonErrorAggregator(int max) {
            super(max);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            byte[] body = Json.bytes(new ApiError(ErrorKind.INVALID_ARGUMENT.name(),
                    "request body too large: the limit is " + (MAX_BODY >> 20) + " MiB"));
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(res, body.length);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        handlers.shutdownNow();
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // a later daemon removes it before binding
            }
        }
    }
}
