package dev.legends.workload.traffic;

import dev.legends.gateway.GatewayClient;
import dev.legends.gateway.Route;
import dev.legends.gateway.RouteMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every route's cumulative counters at a fixed period and keeps the readings of the last
 * {@code keep}, so that requests and errors in any recent window are a difference of two readings.
 * A gateway restart resets its counters; a reading lower than the one before starts a new epoch,
 * and differences never cross one.
 */
public final class CounterSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CounterSampler.class);

    record Reading(Instant at, long requests, long errors, long epoch) {}

    record Delta(long requests, long errors) {}

    private final GatewayClient gateway;
    private final Clock clock;
    private final Duration keep;
    private final Map<String, Deque<Reading>> readings = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public CounterSampler(GatewayClient gateway, Clock clock, Duration period, Duration keep) {
        this.gateway = gateway;
        this.clock = clock;
        this.keep = keep;
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("gateway-metrics").unstarted(r));
        timer.scheduleAtFixedRate(this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one reading of every route now. */
    public void sample() {
        Instant now = clock.instant();
        for (Route r : gateway.routes()) {
            RouteMetrics m = gateway.metrics(r.name(), Duration.ofSeconds(10));
            for (RouteMetrics.VersionMetrics v : m.versions()) {
                record(r.name(), v.version(), now, v.total().requests(), v.total().errors());
            }
        }
    }

    synchronized void record(String route, String version, Instant at, long requests, long errors) {
        Deque<Reading> d = readings.computeIfAbsent(route + "/" + version, k -> new ArrayDeque<>());
        Reading last = d.peekLast();
        long epoch = last == null ? 0 : last.epoch() + (requests < last.requests() ? 1 : 0);
        d.addLast(new Reading(at, requests, errors, epoch));
        while (!d.isEmpty() && d.peekFirst().at().isBefore(at.minus(keep))) {
            d.removeFirst();
        }
    }

    /** Requests and errors between the readings nearest to {@code from} and {@code to}. */
    synchronized Delta delta(String route, String version, Instant from, Instant to) {
        Deque<Reading> d = readings.get(route + "/" + version);
        if (d == null || d.isEmpty()) {
            return new Delta(0, 0);
        }
        Reading start = null;
        Reading end = null;
        for (Reading r : d) {
            if (!r.at().isAfter(from)) {
                start = r;
            }
            if (!r.at().isAfter(to)) {
                end = r;
            }
        }
        if (end == null) {
            return new Delta(0, 0);
        }
        if (start == null || start.epoch() != end.epoch()) {
            // no reading before the window (or the gateway restarted inside it): count from the
            // first reading of the window's epoch, which undercounts rather than invents requests
            Reading first = end;
            for (Reading r : d) {
                if (r.epoch() == end.epoch() && !r.at().isAfter(to)) {
                    first = r;
                    break;
                }
            }
            start = first;
        }
        return new Delta(Math.max(0, end.requests() - start.requests()), Math.max(0, end.errors() - start.errors()));
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.debug("gateway metrics: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
