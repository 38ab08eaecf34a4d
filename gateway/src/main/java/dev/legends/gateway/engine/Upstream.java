package dev.legends.gateway.engine;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Whoever holds an upstream connection for one exchange: a client's request or a mirror copy. */
interface Upstream {
    void upstreamHead(HttpResponse response);

    void upstreamContent(HttpContent content);

    /** Bytes after a 101 Switching Protocols answer. */
    void upstreamRaw(ByteBuf bytes);

    /** The connection's outbound queue fell below its low-water mark. */
    default void upstreamWritable() {}

    /** The connection closed or failed before the exchange ended. */
    void upstreamClosed(Throwable cause);
}
