package dev.legends.build.local;

import dev.legends.core.LegendsException;

/**
 * Runs every step of a cleanup even when one fails (a mount that will not go must not keep the
 * snapshot and the container around), and reports the first failure with the others suppressed.
 */
final class Cleanup {
    private LegendsException first;

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    Cleanup step(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LegendsException le = e instanceof LegendsException l ? l.wrap(what)
                    : LegendsException.internal(what + ": " + e.getMessage(), e);
            if (first == null) {
                first = le;
            } else {
                first.addSuppressed(le);
            }
        }
        return this;
    }

    /** Throws the first failure, if any. */
    void done() {
        if (first != null) {
            throw first;
        }
    }

    /** Adds the failures to {@code primary}, which is already on its way up, instead of throwing them. */
    void doneAfter(Throwable primary) {
        if (first != null) {
            primary.addSuppressed(first);
        }
    }
}
