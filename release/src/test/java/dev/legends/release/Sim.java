package dev.legends.release;

import dev.legends.store.Store;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One app under steady load, its releases driven through the fake ports one simulated second at
 * a time: converge the platform, send a second of traffic, tick the controller. Records the
 * fewest ready and the most live instances seen while a release was active.
 */
final class Sim implements AutoCloseable {
    static final String APP = "web";
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FakePlatform platform;
    final RecordingRouter router = new RecordingRouter();
    final FakeTraffic traffic = new FakeTraffic();
    final FakeCatalog catalog = new FakeCatalog();
    final Path db;
    final int replicas;
    Store store;
    Releases releases;
    int minReady = Integer.MAX_VALUE;
    int maxLive;
    int ticks;

    Sim(Path dir, int replicas, Map<String, Object> strategy) {
        this(dir, replicas, strategy, Duration.ofSeconds(2));
    }

    Sim(Path dir, int replicas, Map<String, Object> strategy, Duration readyAfter) {
        this.db = dir.resolve("legends.db");
        this.replicas = replicas;
        this.platform = new FakePlatform(clock, readyAfter);
        catalog.put(new AppDefinition(APP, replicas, 1, 1, "web.local", "/", 8080, strategy), "web:1");
        platform.seed(APP, 1, replicas);
        router.apply(AppRoute.single(APP, "web.local", "/", "stable", 1));
        router.applied.clear();
        open();
    }

    private void open() {
        store = Store.open(db, Releases.SCHEMA);
        releases = new Releases(store, new Ports(platform, router, traffic, catalog), clock);
    }

    /** The controller and its store closed and made again on the same file, as after a daemon restart. */
    void restart() {
        releases.close();
        store.close();
        open();
    }

    void tick() {
        Instant from = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        platform.converge();
        traffic.generate(from, clock.instant(), router.current(APP), platform);
        releases.tick();
        ticks++;
        if (releases.statusIfAny(APP).map(s -> s.phase().active()).orElse(false)) {
            minReady = Math.min(minReady, platform.readyTotal());
            maxLive = Math.max(maxLive, platform.liveTotal());
        }
    }

    ReleaseStatus runUntil(Predicate<ReleaseStatus> done, int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            ReleaseStatus s = releases.status(APP);
            if (done.test(s)) {
                return s;
            }
            tick();
        }
        throw new AssertionError("not reached in " + maxTicks + " ticks: " + releases.status(APP));
    }

    ReleaseStatus runToEnd(int maxTicks) {
        return runUntil(s -> !s.phase().active(), maxTicks);
    }

    /** Ticks until pending scale-downs are done too. */
    void settle(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    @Override
    public void close() {
        releases.close();
        store.close();
    }
}
