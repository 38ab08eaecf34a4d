package dev.legends.release;

import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.AppRoute;
import dev.legends.workload.port.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The routes a release applies, all built on the app's host and path. */
final class Routes {
    private Routes() {}

    static AppRoute single(AppDefinition app, String version, int revision) {
        return AppRoute.single(app.name(), app.host(), app.pathPrefix(), version, revision);
    }

    /** Two backends; the new one gets {@code newPerMille} of the traffic no match claimed. */
    static AppRoute split(AppDefinition app, String stableVersion, int stable, String newVersion, int revision, int newPerMille,
                          List<RouteMatch> matches, AppRoute.Sticky sticky) {
        List<AppRoute.Backend> b = new ArrayList<>();
        b.add(new AppRoute.Backend(stableVersion, stable, AppRoute.TOTAL_WEIGHT - newPerMille));
        b.add(new AppRoute.Backend(newVersion, revision, newPerMille));
        return new AppRoute(app.name(), app.host(), app.pathPrefix(), b, matches, null, sticky);
    }

    static AppRoute mirror(AppDefinition app, String stableVersion, int stable, String newVersion, int revision, double percent,
                           boolean compare) {
        return new AppRoute(app.name(), app.host(), app.pathPrefix(),
                List.of(new AppRoute.Backend(stableVersion, stable, AppRoute.TOTAL_WEIGHT)), List.of(),
                new AppRoute.Mirror(newVersion, revision, percent, compare), null);
    }

    /**
     * Per-mille for the new revision when traffic follows readiness (a Service spreading requests
     * over ready endpoints): each ready instance gets an equal share.
     */
    static int byReadiness(int stableReady, int newReady) {
        int total = stableReady + newReady;
        return total == 0 ? 0 : (int) Math.round(AppRoute.TOTAL_WEIGHT * (double) newReady / total);
    }

    /** "stable r1 900, canary r2 100; header X-Variant=b -> b; mirror 100% -> shadow r2" */
    static String describe(AppRoute r) {
        if (r == null) {
            return "no route";
        }
        StringBuilder s = new StringBuilder(r.backends().stream()
                .map(b -> b.version() + " r" + b.revision() + " " + b.weight())
                .collect(Collectors.joining(", ")));
        for (RouteMatch m : r.matches()) {
            s.append("; ").append(m.source().name().toLowerCase()).append(' ').append(m.name())
                    .append(switch (m.op()) {
                        case EXACT -> "=" + m.value();
                        case PREFIX -> "^=" + m.value();
                        case REGEX -> "~" + m.value();
                        case PRESENT -> " present";
                    })
                    .append(" -> ").append(m.version());
        }
        if (r.sticky() != null) {
            s.append("; sticky by ").append(r.sticky().source().name().toLowerCase())
                    .append(r.sticky().name() == null ? " (router cookie)" : " " + r.sticky().name());
        }
        if (r.mirror() != null) {
            s.append("; mirror ").append(r.mirror().percent()).append("% -> ").append(r.mirror().version())
                    .append(" r").append(r.mirror().revision());
        }
        return s.toString();
    }

    /** Per-mille of the unmatched traffic that {@code revision} receives on {@code r}. */
    static int weightOf(AppRoute r, int revision) {
        return r == null ? 0 : r.backends().stream().filter(b -> b.revision() == revision).mapToInt(AppRoute.Backend::weight).sum();
    }
}
