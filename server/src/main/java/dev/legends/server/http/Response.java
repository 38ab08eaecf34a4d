package dev.legends.server.http;

import dev.legends.core.Json;
import java.nio.charset.StandardCharsets;

/** What a handler answers: a whole body, or a stream of Server-Sent Events. */
public sealed interface Response {
    record Full(int status, String contentType, byte[] body) implements Response {}

    record Stream(StreamBody body) implements Response {}

    static Response json(Object value) {
        return new Full(200, "application/json", Json.bytes(value));
    }

    static Response created(Object value) {
        return new Full(201, "application/json", Json.bytes(value));
    }

    static Response text(String text) {
        return new Full(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static Response events(StreamBody body) {
        return new Stream(body);
    }

    /** Produces the events of a stream; runs on its own virtual thread until the sink closes. */
    @FunctionalInterface
    interface StreamBody {
        void open(EventSink sink) throws Exception;
    }

    /** One client's open event stream. */
    interface EventSink {
        /** Sends one event's data; false once the client has gone. */
        boolean send(String data);

        boolean isOpen();

        /** Blocks until the client goes away. */
        void awaitClose() throws InterruptedException;
    }
}
