package dev.legends.gateway.engine;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend address and what the gateway knows of it. Endpoints outlive route tables (the
 * gateway keeps one per address), so health, ejection and in-flight counts survive a config swap.
 */
final class Endpoint {
    /** Consecutive failures (connect errors or 5xx) that eject an endpoint, and for how long. */
    static final int EJECT_AFTER = 5;
    static final long EJECT_NANOS = 10_000_000_000L;

    final String address;
    final InetSocketAddress socketAddress;
    final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean healthy = true;
    private volatile long ejectedUntil;
    // health-check streaks, touched only by the checker's thread
    int checkFailures;
    int checkSuccesses;

    Endpoint(String address) {
        this.address = address;
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        this.socketAddress = new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
    }

    boolean available() {
        return healthy && (ejectedUntil == 0 || System.nanoTime() - ejectedUntil >= 0);
    }

    boolean healthy() {
        return healthy;
    }

    void healthy(boolean value) {
        healthy = value;
    }

    /** A success ends an ejection streak. */
    void succeeded() {
        if (failures.get() != 0) {
            failures.set(0);
        }
    }

    /** Passive outlier detection: enough failures in a row take the endpoint out for a while. */
    void failed() {
        if (failures.incrementAndGet() >= EJECT_AFTER) {
            failures.set(0);
            ejectedUntil = System.nanoTime() + EJECT_NANOS;
        }
    }

    boolean ejected() {
        return ejectedUntil != 0 && System.nanoTime() - ejectedUntil < 0;
    }

    @Override
    public String toString() {
        return address;
    }
}
