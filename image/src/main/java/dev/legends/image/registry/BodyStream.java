package dev.legends.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an InputStream that gives up when no data comes for a while. The JDK's
 * {@code BodyHandlers.ofInputStream()} has no such limit (the request timeout covers only the
 * headers), so a registry that stops sending mid-blob would hang a pull for ever; here the read
 * fails with an {@link HttpTimeoutException}, which the retry logic treats as transient. An
 * interrupted reader (a cancelled pull) also stops at once.
 */
final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();
    /**
     * Lists of buffers the client may deliver ahead of the reader: enough for the socket to keep
     * being read while the reader hashes and writes (a few hundred kilobytes), and a bound on memory.
     */
    private static final int READ_AHEAD = 16;

    /** At most {@link #READ_AHEAD} lists, then an end marker or an error. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long stallNanos;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean done;

    private BodyStream(Duration stall) {
        this.stallNanos = stall.toNanos();
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration stall) {
        return info -> new BodyStream(stall);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(READ_AHEAD);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = 0;
        // copy what has arrived, without waiting for more
        while (n < len) {
            int k = Math.min(len - n, current.remaining());
            current.get(b, off + n, k);
            n += k;
            if (!current.hasRemaining()) {
                if (buffers == null || !buffers.hasNext()) {
                    break;
                }
                current = buffers.next();
            }
        }
        return n;
    }

    /** True when {@link #current} has bytes; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (done) {
                return false;
            }
            if (buffers != null) {
                buffers = null;
                subscription.request(1); // a list used up makes room for one more
            }
            Object item;
            try {
                item = queue.poll(stallNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while receiving");
            }
            if (item == null) {
                cancel();
                throw new HttpTimeoutException("no data received for " + stallNanos / 1_000_000_000 + " s");
            }
            if (item == END) {
                done = true;
                return false;
            }
            if (item instanceof Throwable t) {
                done = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            buffers = list.iterator();
            current = null;
        }
        return true;
    }

    /**
     * Closing before the end drops the connection rather than reading the rest of a large body; a
     * body that has already arrived whole (an empty 201, a short error) is consumed instead, so
     * that its connection stays in the pool.
     */
    @Override
    public void close() {
        if (done) {
            return;
        }
        Object item;
        while ((item = queue.poll()) != null) {
            if (item == END || item instanceof Throwable) {
                done = true;
                return;
            }
            subscription.request(1);
        }
        cancel();
    }

    private void cancel() {
        done = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
