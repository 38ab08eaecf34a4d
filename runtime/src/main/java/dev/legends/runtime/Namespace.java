package dev.legends.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a container gets one namespace: a new one of its own, the one of another process (a pod's
 * pause container, by {@code /proc/PID/ns/net}), or the host's.
 */
public sealed interface Namespace {
    Namespace PRIVATE = new Private();
    Namespace HOST = new Host();

    static Namespace join(Path path) {
        return new Joined(path);
    }

    /** Joins the namespace of a running process, e.g. a pause container's. */
    static Namespace ofProcess(long pid, NamespaceType type) {
        return new Joined(Path.of("/proc", Long.toString(pid), "ns", type.procName()));
    }

    /** A new namespace, made for this container. */
    record Private() implements Namespace {}

    /** The namespace behind {@code path} (a /proc/PID/ns/* link or a bind-mounted pin). */
    record Joined(Path path) implements Namespace {
        public Joined {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The host's namespace: config.json does not list the type at all. */
    record Host() implements Namespace {}
}
