package dev.legends.gateway.engine;

import io.netty.channel.Channel;

/**
 * Backpressure by writability: when the side we write to has more than its high-water mark
 * queued, the side we read from stops reading (AUTO_READ off) until the queue drains. Reads are
 * not requested one by one: on epoll each explicit read costs two epoll_ctl calls, which halved
 * throughput in the benchmark.
 */
final class Backpressure {
    private Backpressure() {}

    /** Stops reading {@code from} while {@code to} has more queued than its high-water mark. */
    static void pauseIfUnwritable(Channel to, Channel from) {
        if (!to.isWritable()) {
            autoRead(from, false);
        }
    }

    static void autoRead(Channel ch, boolean on) {
        if (ch.config().isAutoRead() != on) {
            ch.config().setAutoRead(on);
        }
    }
}
