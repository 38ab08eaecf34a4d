package dev.legends.release;

import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.TrafficRouter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the applied routes, in order, as the gateway would have received them. */
final class RecordingRouter implements TrafficRouter {
    final List<AppRoute> applied = new ArrayList<>();
    private final Map<String, AppRoute> current = new HashMap<>();

    /** While set, apply fails as a gateway that is restarting would. */
    volatile boolean down;

    @Override
    public synchronized void apply(AppRoute route) {
        if (down) {
            throw dev.legends.core.LegendsException.unavailable("gateway unavailable");
        }
        applied.add(route);
        current.put(route.app(), route);
    }

    @Override
    public synchronized Optional<AppRoute> current(String app) {
        return Optional.ofNullable(current.get(app));
    }

    @Override
    public synchronized void remove(String app) {
        current.remove(app);
    }

    /** The new revision's per-mille in each applied route, in order. */
    synchronized List<Integer> weightsOf(int revision) {
        return applied.stream().map(r -> Routes.weightOf(r, revision)).toList();
    }
}
