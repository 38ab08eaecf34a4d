package dev.legends.workload.port;

import java.util.Optional;

/**
 * The entry point in front of an app: applies the whole route of one app at once, so a switch
 * between versions is a single step (blue/green's instant switch, abort's all-to-stable).
 * Endpoints are the router's business: it sends a backend's traffic to the ready instances of
 * that backend's revision.
 */
public interface TrafficRouter {
    void apply(AppRoute route);

    Optional<AppRoute> current(String app);

    void remove(String app);
}
