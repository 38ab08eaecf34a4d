package dev.legends.release;

import dev.legends.release.strategy.Step;
import java.util.List;

/**
 * Kubernetes' rolling update over the Platform port: the new revision grows while old plus new
 * desired stays within replicas + maxSurge, and the old shrinks only by what leaves at least
 * replicas - maxUnavailable instances available (ready for minReadySeconds). Traffic follows
 * readiness, and the weights move before the old revision shrinks, so no request is sent to an
 * instance that is about to go away.
 */
final class Rolling {
    private final Rollout r;
    private final Step.RollingUpdate s;

    Rolling(Rollout r, Step.RollingUpdate s) {
        this.r = r;
        this.s = s;
    }

    StepRunner.Outcome step() {
        String app = r.app.name();
        int replicas = r.replicas();
        int stable = r.stable();
        long minReady = s.minReady().toMillis();
        int newDesired = r.ports.platform().desired(app, r.next());
        int oldDesired = stable == 0 ? 0 : r.ports.platform().desired(app, stable);
        int newAvailable = r.available(r.next(), minReady);
        int oldAvailable = stable == 0 ? 0 : r.available(stable, minReady);
        if (newAvailable >= replicas && oldDesired == 0 && (stable == 0 || r.seen.present(stable) == 0)) {
            return new StepRunner.Outcome.Next();
        }
        int room = replicas + s.maxSurge() - (oldDesired + newDesired);
        int newTarget = Math.min(replicas, newDesired + Math.max(0, room));
        if (newTarget > newDesired) {
            r.scale(r.next(), newTarget);
        }
        int minAvailable = replicas - s.maxUnavailable();
        int canDrop = Math.max(0, oldAvailable + newAvailable - minAvailable);
        int oldTarget = oldDesired - Math.min(oldDesired, canDrop);
        int oldServing = Math.min(r.seen.ready(stable), oldTarget);
        int newServing = r.seen.ready(r.next());
        if (stable != 0 && oldServing + newServing > 0) {
            r.apply(Routes.split(r.app, r.plan.kind().stableVersion(), stable, r.plan.kind().newVersion(), r.next(),
                    Routes.byReadiness(oldServing, newServing), List.of(), null));
        }
        if (stable != 0 && oldTarget < oldDesired) {
            r.scale(stable, oldTarget);
        }
        Progress p = r.p();
        String key = newAvailable + "/" + oldTarget + "/" + r.seen.present(stable);
        if (!key.equals(p.lastProgressKey)) {
            p.lastProgressKey = key;
            p.lastProgressMs = r.now;
        } else if (r.now - p.lastProgressMs > s.progressDeadline().toMillis()) {
            return new StepRunner.Outcome.Abort("progress deadline exceeded: no instance became available in "
                    + s.progressDeadline().toSeconds() + "s");
        }
        return new StepRunner.Outcome.Wait("rolling: revision " + r.next() + " " + newAvailable + "/" + replicas + " available, revision "
                + stable + " " + oldTarget + " left");
    }
}
