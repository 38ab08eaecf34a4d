package dev.legends.pod;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per container or pod, ordering the engine's steps on it (a user's rm against the
 * supervisor's restart). The runtime orders its own steps; these span runtime, mounts and records.
 */
final class KeyedLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T with(String key, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void run(String key, Runnable work) {
        with(key, () -> {
            work.run();
            return null;
        });
    }

    void forget(String key) {
        locks.remove(key);
    }
}
