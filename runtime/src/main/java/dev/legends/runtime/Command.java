package dev.legends.runtime;

import dev.legends.core.LegendsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host program to completion and collects what it printed. */
final class Command {
    /** What a finished program left: its exit status and both outputs. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Command() {}

    static Result run(List<String> argv, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw LegendsException.unavailable(argv.getFirst() + ": " + e.getMessage());
        }
        return collect(p, argv.getFirst(), timeout);
    }

    /**
     * Waits for {@code p}, reading both outputs at once so that neither pipe fills and blocks it.
     * A background child may keep the pipes open after {@code p} exits: its output is then taken
     * as it stands after a short grace.
     */
    static Result collect(Process p, String what, Duration timeout) {
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        try {
            if (timeout == null) {
                p.waitFor();
            } else if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                }
                throw LegendsException.unavailable(what + ": timed out after " + timeout.toSeconds() + "s");
            }
            return new Result(p.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw LegendsException.unavailable(what + ": interrupted");
        } finally {
            out.close();
            err.close();
        }
    }

    /** Copies a stream into memory on a virtual thread. */
    private static final class Drain {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in) {
            this.in = in;
            this.thread = Thread.ofVirtual().name("command-output").start(this::copy);
        }

        private void copy() {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    synchronized (buf) {
                        buf.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed under us after the grace: what was read is what we report
            }
        }

        String text() throws InterruptedException {
            thread.join(Duration.ofSeconds(1));
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing left to read
            }
        }
    }
}
