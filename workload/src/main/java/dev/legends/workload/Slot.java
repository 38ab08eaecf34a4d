package dev.legends.workload;

import java.time.Duration;
import java.time.Instant;

/**
 * What the controller remembers of one pod slot ({@code web-r3-0}) between passes: restarts, the
 * crash back-off (the kubelet's CrashLoopBackOff: the first restart at once, then the initial delay
 * doubling up to the maximum, afresh after a long enough run) and the last problem. Only the
 * controller thread touches it.
 */
final class Slot {
    int restarts;
    private int crashes;
    private Instant notBefore = Instant.MIN;
    private Instant seenExit;
    Instant readySince;
    String message;

    boolean due(Instant now) {
        return !now.isBefore(notBefore);
    }

    Instant notBefore() {
        return notBefore;
    }

    /** Accounts one exit (each exit once, known by when it finished); returns whether it was new. */
    boolean exited(Instant finishedAt, Duration ranFor, Instant now, WorkloadConfig config, String why) {
        Instant key = finishedAt == null ? Instant.EPOCH : finishedAt;
        if (key.equals(seenExit)) {
            return false;
        }
        seenExit = key;
        failed(ranFor, now, config, why);
        return true;
    }

    void failed(Duration ranFor, Instant now, WorkloadConfig config, String why) {
        if (ranFor != null && ranFor.compareTo(config.backoffReset()) >= 0) {
            crashes = 0;
        }
        crashes++;
        readySince = null;
        message = why;
        Duration delay = Duration.ZERO;
        if (crashes > 1) {
            delay = config.backoffInitial().multipliedBy(1L << Math.min(20, crashes - 2));
            if (delay.compareTo(config.backoffMax()) > 0) {
                delay = config.backoffMax();
            }
        }
        notBefore = now.plus(delay);
    }
}
