package dev.legends.gateway.engine;

import dev.legends.gateway.RouteMetrics;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One version's counters: cumulative adders, and a ring of 10-second slots (ten minutes) with a
 * latency histogram each, so that a reader can ask for any window up to ten minutes. Recording
 * takes a lock per version; event loops rarely contend on one version's lock for long.
 */
final class VersionStats {
    static final int SLOT_SECONDS = 10;
    static final int SLOTS = 60;
    /** Microseconds: a latency above ten minutes is recorded as ten minutes. */
    private static final long MAX_MICROS = 600_000_000L;

    private final LongAdder requests = new LongAdder();
    private final LongAdder[] classes = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Slot[] slots = new Slot[SLOTS];

    private static final class Slot {
        long epoch = -1;
        long requests;
        final long[] classes = new long[5];
        long connectFailures;
        long errors;
        final IntCountsHistogram latency = new IntCountsHistogram(1, MAX_MICROS, 2);

        void reset(long at) {
            epoch = at;
            requests = 0;
            java.util.Arrays.fill(classes, 0);
            connectFailures = 0;
            errors = 0;
            latency.reset();
        }
    }

    void connectFailure() {
        connectFailures.increment();
        synchronized (this) {
            slot(now()).connectFailures++;
        }
    }

    /** One finished request: its status (the gateway's own 502/503/504 included) and duration. */
    void record(int status, long nanos) {
        int cls = Math.min(Math.max(status / 100, 1), 5) - 1;
        boolean error = status >= 500;
        requests.increment();
        classes[cls].increment();
        if (error) {
            errors.increment();
        }
        long micros = Math.min(Math.max(nanos / 1000, 1), MAX_MICROS);
        synchronized (this) {
            Slot s = slot(now());
            s.requests++;
            s.classes[cls]++;
            if (error) {
                s.errors++;
            }
            s.latency.recordValue(micros);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000 / SLOT_SECONDS;
    }

    private Slot slot(long epoch) {
        int i = (int) (epoch % SLOTS);
        Slot s = slots[i];
        if (s == null) {
            s = slots[i] = new Slot();
        }
        if (s.epoch != epoch) {
            s.reset(epoch);
        }
        return s;
    }

    RouteMetrics.Counts total() {
        long cf = connectFailures.sum();
        return new RouteMetrics.Counts(requests.sum(), classes[0].sum(), classes[1].sum(), classes[2].sum(), classes[3].sum(),
                classes[4].sum(), cf, errors.sum());
    }

    /** Counts and latency of the slots that started within the last {@code seconds}, the current one included. */
    synchronized RouteMetrics.VersionMetrics read(String name, long seconds) {
        long now = now();
        long span = Math.max(1, Math.min(SLOTS, (seconds + SLOT_SECONDS - 1) / SLOT_SECONDS));
        Histogram merged = new Histogram(1, MAX_MICROS, 2);
        long req = 0;
        long cf = 0;
        long err = 0;
        long[] cls = new long[5];
        for (Slot s : slots) {
            if (s != null && s.epoch > now - span && s.epoch <= now) {
                req += s.requests;
                cf += s.connectFailures;
                err += s.errors;
                for (int i = 0; i < 5; i++) {
                    cls[i] += s.classes[i];
                }
                merged.add(s.latency);
            }
        }
        RouteMetrics.Counts window = new RouteMetrics.Counts(req, cls[0], cls[1], cls[2], cls[3], cls[4], cf, err);
        long n = merged.getTotalCount();
        RouteMetrics.Latency latency = new RouteMetrics.Latency(n, n == 0 ? 0 : merged.getMean() / 1000.0, ms(merged, 50),
                ms(merged, 90), ms(merged, 95), ms(merged, 99), ms(merged, 99.9), n == 0 ? 0 : merged.getMaxValue() / 1000.0);
        return new RouteMetrics.VersionMetrics(name, total(), window, latency);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
