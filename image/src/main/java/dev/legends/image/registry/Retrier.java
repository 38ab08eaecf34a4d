package dev.legends.image.registry;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;

/**
 * Runs a registry exchange again when it failed transiently: an IOException (connection refused
 * or reset, a stalled or cut transfer) or a {@link TransientFailure} (429, 5xx). Bounded in tries
 * and in time, with exponential backoff and jitter so that parallel transfers do not come back in
 * step. Anything else (a {@link LegendsException}: not found, unauthorized, digest mismatch) is
 * final at once. When the tries run out the failure is UNAVAILABLE.
 */
final class Retrier {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

    interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    interface Listener {
        void retrying(IOException cause);
    }

    private final int attempts;
    private final Duration firstBackoff;
    private final Duration window;

    Retrier(int attempts, Duration firstBackoff, Duration window) {
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.window = window;
    }

    <T> T run(Attempt<T> attempt) {
        return run(attempt, cause -> {});
    }

    <T> T run(Attempt<T> attempt, Listener listener) {
        long start = System.nanoTime();
        long backoff = firstBackoff.toNanos();
        for (int tried = 1; ; tried++) {
            IOException failure;
            try {
                return attempt.run();
            } catch (SSLException e) {
                throw new LegendsException(ErrorKind.UNAVAILABLE, "tls: " + e.getMessage(), e);
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LegendsException(ErrorKind.UNAVAILABLE, "interrupted", e);
            }
            if (Thread.currentThread().isInterrupted()) {
                // cancelled (another transfer failed, or the caller gave up): the failure is a symptom
                throw new LegendsException(ErrorKind.UNAVAILABLE, "interrupted", failure);
            }
            long wait = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
            if (failure instanceof TransientFailure t && t.retryAfter() != null) {
                wait = Math.max(wait, Math.min(t.retryAfter().toNanos(), MAX_RETRY_AFTER.toNanos()));
            }
            long elapsed = System.nanoTime() - start;
            if (tried >= attempts || elapsed + wait > window.toNanos()) {
                throw new LegendsException(ErrorKind.UNAVAILABLE, describe(failure)
                        + " (gave up after " + tried + (tried == 1 ? " try" : " tries") + ")", failure);
            }
            listener.retrying(failure);
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LegendsException(ErrorKind.UNAVAILABLE, "interrupted", e);
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
        }
    }

    /** The failure in a few words a user can act on. */
    static String describe(IOException e) {
        if (e instanceof TransientFailure) {
            return e.getMessage();
        }
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return "cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage());
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out: " + e.getMessage();
        }
        if (e instanceof EOFException) {
            return "connection closed early";
        }
        String m = e.getMessage();
        return "connection lost: " + (m == null || m.isEmpty() ? e.getClass().getSimpleName() : m);
    }
}
