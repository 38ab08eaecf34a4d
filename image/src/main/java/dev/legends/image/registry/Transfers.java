package dev.legends.image.registry;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Runs a pull's or push's blob transfers, a few at a time. The first failure interrupts the rest
 * (their blocking reads and waits give up at once) and is the one reported; whatever the transfers
 * produced is handed to {@code discard}, so a failed pull leaves no staged file behind.
 */
final class Transfers {
    private Transfers() {}

    /** The tasks' results, in task order. */
    static <T> List<T> run(int parallel, List<Callable<T>> tasks, Consumer<T> discard) {
        Semaphore permits = new Semaphore(parallel);
        // results are kept here, not only in the futures: a cancelled future drops a result that
        // its task produced anyway, and that result (a staged file) still has to be discarded
        AtomicReferenceArray<T> results = new AtomicReferenceArray<>(tasks.size());
        RuntimeException failure = null;
        // platform threads: a transfer writes files all along, which would pin a virtual thread's
        // carrier anyway, and there are only a few; an interrupt wakes one from any wait
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("legends-transfer-", 0).factory())) {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(executor);
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                int index = i;
                Callable<T> task = tasks.get(i);
                futures.add(done.submit(() -> {
                    permits.acquire();
                    try {
                        results.set(index, task.call());
                        return null;
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = asRuntime(e.getCause());
                        futures.forEach(f -> f.cancel(true));
                    }
                } catch (CancellationException e) {
                    // cancelled after the first failure: that one is reported
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    failure = failure != null ? failure : new LegendsException(ErrorKind.UNAVAILABLE, "interrupted", e);
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } // close() waits for every transfer, so none is still writing when the caller cleans up
        List<T> out = new ArrayList<>();
        for (int i = 0; i < results.length(); i++) {
            if (results.get(i) != null) {
                out.add(results.get(i));
            }
        }
        if (failure != null) {
            out.forEach(discard);
            throw failure;
        }
        return out;
    }

    private static RuntimeException asRuntime(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new LegendsException(ErrorKind.INTERNAL, String.valueOf(t.getMessage()), t);
    }
}
