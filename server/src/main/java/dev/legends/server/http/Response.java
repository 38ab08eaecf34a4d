package dev.legends.server.http;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.server.api.ApiError;
import dev.legends.server.api.ProgressEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: a whole body, or a stream of Server-Sent Events. */
public sealed interface Response {
    /** {@code headers} are extra response headers (Set-Cookie, Cache-Control...), empty for most answers. */
    record Full(int status, String contentType, byte[] body, Map<String, String> headers) implements Response {
        public Full {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public Full(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }
    }

    record Stream(StreamBody body) implements Response {}

    /** Switches the connection to raw bytes both ways (HTTP 101 to {@code protocol}), as docker's attach does. */
    record Upgrade(String protocol, Tunnel tunnel) implements Response {}

    /** The far end of an upgraded connection. */
    interface Tunnel {
        /** Bytes from the client, in order, on the connection's event loop: this must not block for long. */
        void fromClient(byte[] data);

        /** The client has half-closed: it will send nothing more. */
        void clientDone();

        /** Sends to the client until there is nothing more; runs on its own virtual thread, then the connection closes. */
        void toClient(java.util.function.Consumer<byte[]> sink) throws Exception;

        /** The client went away: ends {@link #toClient}. */
        void close();
    }

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

    /**
     * A long operation whose progress lines stream to the client as they happen, followed by its
     * result or its error (see {@link dev.legends.server.api.ProgressEvent}).
     */
    static Response progress(Work work) {
        return progress(work, null);
    }

    /**
     * As {@link #progress(Work)}; then, if the work succeeded, {@code then} carries on with its
     * result on the same stream (a run that attaches: one request instead of two).
     */
    static Response progress(Work work, Then then) {
        return new Stream(sink -> {
            ProgressEvent last;
            Object result = null;
            try {
                result = work.run(line -> sink.send(Json.compact(new ProgressEvent(line, null, null))));
                last = new ProgressEvent(null, Json.mapper().valueToTree(result), null);
            } catch (LegendsException e) {
                last = new ProgressEvent(null, null, new ApiError(e.kind().name(), e.getMessage()));
            } catch (RuntimeException e) {
                last = new ProgressEvent(null, null, new ApiError("INTERNAL", "internal error: " + e));
            }
            if (sink.send(Json.compact(last)) && then != null && last.error() == null) {
                then.open(result, sink);
            }
        });
    }

    /** What follows a successful {@link #progress(Work, Then)} on its stream. */
    @FunctionalInterface
    interface Then {
        void open(Object result, EventSink sink) throws Exception;
    }

    @FunctionalInterface
    interface Work {
        Object run(java.util.function.Consumer<String> progress) throws Exception;
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
