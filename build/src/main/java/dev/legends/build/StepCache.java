package dev.legends.build;

import dev.legends.core.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cache around each step. A step's key chains its parent's key with what the step does
 * (instruction after substitution, environment, source content), so a change anywhere changes
 * every key after it; and once a step misses, the rest of its stage is not looked up, because
 * their cached layers were made on top of a different parent.
 */
final class StepCache {
    /** A step's result, and whether it came from the cache. */
    record Outcome(CachedStep step, boolean cached) {}

    private final BuildCache cache;
    private final boolean noCache;
    private final Clock clock;
    private final BuildListener listener;

    StepCache(BuildCache cache, boolean noCache, Clock clock, BuildListener listener) {
        this.cache = cache;
        this.noCache = noCache;
        this.clock = clock;
        this.listener = listener;
    }

    /** Looks the step up; on a miss runs {@code work} (its layer, if any) and remembers the result. */
    Outcome step(StageState s, int step, String material, Supplier<Optional<Layer>> work) {
        String key = Digest.of((s.cacheKey + "\n" + material).getBytes(StandardCharsets.UTF_8)).hex();
        if (!noCache && !s.cacheBroken) {
            Optional<CachedStep> hit = cache.lookup(key, s.chain);
            if (hit.isPresent()) {
                listener.on(new BuildEvent.CacheHit(step, key.substring(0, 12)));
                s.cacheKey = key;
                return new Outcome(hit.get(), true);
            }
        }
        s.cacheBroken = true;
        CachedStep made = new CachedStep(work.get(), clock.instant());
        cache.put(key, s.chain, made);
        s.cacheKey = key;
        return new Outcome(made, false);
    }
}
