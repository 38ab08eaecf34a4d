package dev.legends.pod;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps that take back what a half-done operation made, run in reverse order when it fails.
 * A step that fails is logged and the rest still run: leaving less behind beats stopping early.
 */
final class Undo {
    private static final Logger LOG = LoggerFactory.getLogger(Undo.class);

    private final Deque<Runnable> steps = new ArrayDeque<>();
    private final String what;

    Undo(String what) {
        this.what = what;
    }

    void push(Runnable step) {
        steps.push(step);
    }

    /** Undoes every step so far; {@code cause} collects what went wrong on the way. */
    void run(Throwable cause) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException e) {
                LOG.warn("undo {}: {}", what, e.getMessage());
                cause.addSuppressed(e);
            }
        }
    }
}
