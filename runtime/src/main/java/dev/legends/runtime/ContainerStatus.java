package dev.legends.runtime;

import java.time.Instant;

/** Where a container is in its life: created, running, or exited (for good: there is no restart here). */
public sealed interface ContainerStatus {
    /** Created with its bundle written; no process yet. */
    record Created() implements ContainerStatus {}

    /**
     * Running; {@code pid} is the container's PID 1 as the host sees it. {@code startedAt} is null
     * only for a container adopted from a daemon killed between starting it and recording that.
     */
    record Running(long pid, Instant startedAt) implements ContainerStatus {}

    /**
     * Exited. {@code exitCode} follows docker: 128+N for signal N, 137 when OOM-killed, 127 when
     * the command was not found and 126 when it could not be executed (then {@code error} says why
     * and {@code startedAt} is null).
     */
    record Exited(int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled, String error)
            implements ContainerStatus {}
}
