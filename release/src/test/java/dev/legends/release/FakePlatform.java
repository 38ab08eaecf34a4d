package dev.legends.release;

import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A platform that converges the way the local engine and a ReplicaSet do: a scale call only
 * declares the goal; on each {@link #converge()} missing instances are created PENDING and become
 * ready {@code readyAfter} later, surplus ones (not-ready ones first) turn TERMINATING, stop
 * being ready at once, and disappear on the next converge.
 */
final class FakePlatform implements Platform {
    /** @param othersPresent instances of other revisions (terminating too) when the call was made */
    record ScaleCall(int revision, int replicas, Instant time, int othersPresent) {}

    private final Clock clock;
    private final Duration readyAfter;
    private final Map<Integer, Integer> desired = new HashMap<>();
    private final List<Instance> instances = new ArrayList<>();
    final List<ScaleCall> calls = new ArrayList<>();
    /** Revisions whose instances never become ready (a broken image). */
    final java.util.Set<Integer> broken = new java.util.HashSet<>();
    private int seq;

    FakePlatform(Clock clock, Duration readyAfter) {
        this.clock = clock;
        this.readyAfter = readyAfter;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized void scale(RevisionRef revision, int replicas) {
        desired.put(revision.revision(), replicas);
        int others = (int) instances.stream().filter(i -> i.revision() != revision.revision()).count();
        calls.add(new ScaleCall(revision.revision(), replicas, clock.instant(), others));
    }

    @Override
    public synchronized int desired(String app, int revision) {
        return desired.getOrDefault(revision, 0);
    }

    @Override
    public synchronized List<Instance> instances(String app) {
        return List.copyOf(instances);
    }

    @Override
    public synchronized void remove(String app, int revision) {
        desired.remove(revision);
        instances.removeIf(i -> i.revision() == revision);
    }

    /** Starts {@code n} ready instances of a revision at once, as an app that already runs. */
    synchronized void seed(String app, int revision, int n) {
        desired.put(revision, n);
        for (int i = 0; i < n; i++) {
            instances.add(new Instance(app, revision, app + "-r" + revision + "-" + (++seq), "10.0.0." + seq, 8080,
                    Instance.Phase.RUNNING, true, 0, clock.instant().minusSeconds(60)));
        }
    }

    synchronized void converge() {
        Instant now = clock.instant();
        instances.removeIf(i -> i.phase() == Instance.Phase.TERMINATING && i.started().isBefore(now));
        for (int k = 0; k < instances.size(); k++) {
            Instance i = instances.get(k);
            if (i.phase() == Instance.Phase.PENDING && !broken.contains(i.revision()) && !now.isBefore(i.started().plus(readyAfter))) {
                instances.set(k, new Instance(i.app(), i.revision(), i.name(), i.address(), i.port(), Instance.Phase.RUNNING, true, 0,
                        i.started()));
            }
        }
        for (var e : desired.entrySet()) {
            int rev = e.getKey();
            List<Instance> live = instances.stream().filter(i -> i.revision() == rev && Observed.alive(i)).toList();
            for (int n = live.size(); n < e.getValue(); n++) {
                String app = instances.isEmpty() ? "web" : instances.getFirst().app();
                instances.add(new Instance(app, rev, app + "-r" + rev + "-" + (++seq), "10.0.0." + seq, 8080, Instance.Phase.PENDING,
                        false, 0, now));
            }
            int surplus = live.size() - e.getValue();
            List<Instance> victims = new ArrayList<>(live);
            victims.sort((a, b) -> Boolean.compare(a.ready(), b.ready())); // not-ready first, as a ReplicaSet picks
            for (int n = 0; n < surplus; n++) {
                Instance v = victims.get(n);
                instances.set(instances.indexOf(v), new Instance(v.app(), v.revision(), v.name(), v.address(), v.port(),
                        Instance.Phase.TERMINATING, false, 0, now));
            }
        }
    }

    synchronized int ready(int revision) {
        return (int) instances.stream().filter(i -> i.revision() == revision && Observed.serving(i)).count();
    }

    synchronized int readyTotal() {
        return (int) instances.stream().filter(Observed::serving).count();
    }

    synchronized int liveTotal() {
        return (int) instances.stream().filter(Observed::alive).count();
    }

    synchronized int present(int revision) {
        return (int) instances.stream().filter(i -> i.revision() == revision).count();
    }
}
