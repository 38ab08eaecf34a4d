package dev.legends.server.http;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
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
        if (token == null || token.isBlank()) {
            throw LegendsException.invalid("a TCP listener needs a token (--token-file or LEGENDS_TOKEN)");
        }
        InetAddress ip = address.getAddress();
        if (ip == null || !ip.isLoopbackAddress()) {
            throw LegendsException.invalid("TCP listener " + address.getHostString() + ": only loopback addresses are allowed");
        }
        try {
            Channel ch = bootstrap(token).channel(EpollServerSocketChannel.class).bind(address).sync().channel();
            listeners.add(ch);
            return (InetSocketAddress) ch.localAddress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable("interrupted while binding " + address);
        } catch (Exception e) {
            throw new LegendsException(ErrorKind.UNAVAILABLE, "listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private ServerBootstrap bootstrap(String token) {
        return new ServerBootstrap().group(group).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                        new ApiHandler(router, token, handlers));
            }
        });
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
