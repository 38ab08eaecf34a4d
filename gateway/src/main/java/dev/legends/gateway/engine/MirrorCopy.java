package dev.legends.gateway.engine;

import dev.legends.gateway.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request's mirror: its body buffered (bounded) while the primary streams it, then copied to
 * the shadow version once the request has ended, fire-and-forget: nothing here ever delays the
 * primary, whose bytes flow on regardless. With comparison, the primary's answer is summarized
 * as it passes, and for safe methods a second copy goes to the primary version so that the
 * fields that differ between two primaries (dates, ids) are learned as noise, Diffy's idea.
 * Everything runs on the client connection's event loop.
 */
final class MirrorCopy {
    private final Proxy proxy;
    private final EventLoop loop;
    private final CompiledRoute route;
    private final CompiledRoute.VersionTarget primary;
    private final HttpRequest head;
    private final MirrorStats stats;
    private boolean compare;
    private final long startNanos = System.nanoTime();
    private CompositeByteBuf body;
    private boolean abandoned;
    private int legs;
    private Outcome.Builder primaryOutcome;
    private Outcome primaryResult;
    private boolean primaryFailed;
    private Outcome shadowResult;
    private Outcome secondResult;
    private boolean secondExpected;
    private boolean shadowDone;
    private boolean secondDone;

    private MirrorCopy(Proxy proxy, EventLoop loop, CompiledRoute route, CompiledRoute.VersionTarget primary, HttpRequest head) {
        this.proxy = proxy;
        this.loop = loop;
        this.route = route;
        this.primary = primary;
        this.head = head;
        this.stats = proxy.metrics.mirror(route.route.name());
        this.compare = route.route.mirror().compare();
    }

    /** A copy for this request, or null: not in the mirrored share, already bound for the shadow, or over budget. */
    static MirrorCopy maybe(Proxy proxy, EventLoop loop, CompiledRoute route, CompiledRoute.VersionTarget version, HttpRequest head) {
        Route.Mirror m = route.route.mirror();
        if (version == route.mirror || ThreadLocalRandom.current().nextInt(1000) >= m.permille()) {
            return null;
        }
        if (!proxy.takeShadowPermit()) {
            proxy.metrics.mirror(route.route.name()).skipped.increment();
            return null;
        }
        return new MirrorCopy(proxy, loop, route, version, head);
    }

    void body(HttpContent c) {
        ByteBuf b = c.content();
        if (abandoned || !b.isReadable()) {
            return;
        }
        if (body == null) {
            body = Unpooled.compositeBuffer(64);
        }
        if (body.readableBytes() + b.readableBytes() > Proxy.SHADOW_BODY_MAX) {
            abandon();
            return;
        }
        body.addComponent(true, b.copy());
    }

    private void abandon() {
        abandoned = true;
        stats.skipped.increment();
        releaseBody();
        proxy.shadowInFlight.decrementAndGet();
    }

    /** The client's request has ended: send the copies. */
    void requestDone() {
        if (abandoned) {
            return;
        }
        stats.sent.increment();
        legs = 1;
        HttpMethod m = head.method();
        secondExpected = compare && (m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS));
        if (secondExpected) {
            legs++;
        }
        new MirrorLeg(this, route.mirror, true).start();
        if (secondExpected) {
            new MirrorLeg(this, primary, false).start();
        }
    }

    void primaryHead(HttpResponse r) {
        if (compare && !abandoned) {
            primaryOutcome = new Outcome.Builder(r, route.route.mirror().compareHeaders());
        }
    }

    void primaryContent(ByteBuf b) {
        if (primaryOutcome != null) {
            primaryOutcome.update(b);
        }
    }

    void primaryDone(int status) {
        if (primaryOutcome != null) {
            primaryResult = primaryOutcome.build();
            primaryOutcome = null;
            maybeCompare();
        }
    }

    /** The client's exchange is over; if it ended without a full answer there is nothing to compare with. */
    void primaryGone() {
        if (primaryResult == null) {
            primaryFailed = true;
            primaryOutcome = null;
            if (!abandoned && legs == 0) { // the request never finished: nothing was sent
                abandon();
            }
        }
    }

    // ---- called by the legs

    Proxy proxy() {
        return proxy;
    }

    EventLoop loop() {
        return loop;
    }

    CompiledRoute route() {
        return route;
    }

    HttpRequest head() {
        return head;
    }

    /** The buffered body for one more copy (each leg releases its own). */
    ByteBuf bodyCopy() {
        return body == null ? Unpooled.EMPTY_BUFFER : body.retainedDuplicate();
    }

    boolean comparing() {
        return compare;
    }

    void legDone(boolean shadow, Outcome outcome, int status) {
        if (shadow) {
            shadowDone = true;
            shadowResult = outcome;
            // apart from the version's own traffic: a shadow's numbers are its mirrored copies alone
            proxy.metrics.version(route.route.name(), "mirror:" + route.mirror.name).record(outcome == null ? 502 : status,
                    System.nanoTime() - startNanos);
            if (outcome == null) {
                stats.failed.increment();
            } else {
                stats.completed.increment();
            }
        } else {
            secondDone = true;
            secondResult = outcome;
        }
        if (--legs == 0) {
            releaseBody();
            proxy.shadowInFlight.decrementAndGet();
        }
        maybeCompare();
    }

    private void maybeCompare() {
        if (!compare || primaryFailed || primaryResult == null || !shadowDone || secondExpected && !secondDone || shadowResult == null) {
            return;
        }
        compare = false; // once
        Outcome.Verdict v = Outcome.compare(primaryResult, shadowResult, secondResult);
        switch (v.kind()) {
            case MATCHED -> stats.matched.increment();
            case NOISY -> stats.noisy.increment();
            case DIFFERED -> {
                stats.differed.increment();
                stats.sample(MirrorStats.difference(head.method().name(), head.uri(), v.field(), v.primary(), v.shadow()));
            }
        }
        // counted compared after its verdict: MirrorStats reads compared first, so the verdicts it
        // reads after cover every comparison it counted
        stats.compared.increment();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
