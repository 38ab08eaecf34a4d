package dev.legends.gateway.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One copy of a mirrored request, to the shadow or to a second primary: sent, answered, summarized, forgotten. */
final class MirrorLeg implements Upstream {
    private final MirrorCopy copy;
    private final CompiledRoute.VersionTarget target;
    private final boolean shadow;
    private Endpoint endpoint;
    private Channel channel;
    private Outcome.Builder outcome;
    private int status;
    private boolean done;
    private ScheduledFuture<?> timeout;

    MirrorLeg(MirrorCopy copy, CompiledRoute.VersionTarget target, boolean shadow) {
        this.copy = copy;
        this.target = target;
        this.shadow = shadow;
    }

    void start() {
        endpoint = copy.route().pick(target, null);
        if (endpoint == null) {
            end(false);
            return;
        }
        endpoint.inFlight.incrementAndGet();
        long connectMs = copy.route().route.policy().connectTimeoutMillis();
        Future<Channel> f = copy.proxy().pool(copy.loop()).acquire(endpoint, (int) (connectMs > 0 ? connectMs : 2000), this);
        if (f.isDone()) {
            connected(f);
        } else {
            f.addListener(x -> connected(f));
        }
    }

    private void connected(Future<Channel> f) {
        if (!f.isSuccess()) {
            end(false);
            return;
        }
        channel = f.getNow();
        long ms = copy.route().route.policy().responseTimeoutMillis();
        Channel ch = channel;
        timeout = copy.loop().schedule(() -> {
            if (!done) {
                ch.close();
            }
        }, ms > 0 ? ms : 30_000, TimeUnit.MILLISECONDS);
        ByteBuf body = copy.bodyCopy();
        channel.write(copy.head());
        channel.writeAndFlush(body.isReadable() ? new DefaultLastHttpContent(body) : LastHttpContent.EMPTY_LAST_CONTENT);
        if (!body.isReadable()) {
            body.release();
        }
    }

    @Override
    public void upstreamHead(HttpResponse r) {
        status = r.status().code();
        if (status >= 100 && status < 200) {
            return;
        }
        if (copy.comparing()) {
            outcome = new Outcome.Builder(r, copy.route().route.mirror().compareHeaders());
        }
    }

    @Override
    public void upstreamContent(HttpContent c) {
        if (status >= 100 && status < 200) {
            c.release();
            return;
        }
        if (outcome != null) {
            outcome.update(c.content());
        }
        boolean last = c instanceof LastHttpContent;
        c.release();
        if (last) {
            end(true);
        }
    }

    @Override
    public void upstreamRaw(ByteBuf bytes) {
        bytes.release();
        channel.close();
    }

    @Override
    public void upstreamClosed(Throwable cause) {
        channel = null;
        end(false);
    }

    private void end(boolean ok) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (endpoint != null) {
            endpoint.inFlight.decrementAndGet();
            if (channel != null) {
                if (ok) {
                    copy.proxy().pool(copy.loop()).release(endpoint, channel, copy.proxy().live());
                } else {
                    channel.pipeline().get(BackendHandler.class).owner = null;
                    channel.close();
                }
            }
        }
        copy.legDone(shadow, ok ? (outcome != null ? outcome.build() : new Outcome(java.util.Map.of())) : null, status);
    }
}
