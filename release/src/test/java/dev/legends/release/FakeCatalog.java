package dev.legends.release;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.RevisionRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Apps and revisions in memory; a revision's template is just its image. */
final class FakeCatalog implements AppCatalog {
    private final Map<String, AppDefinition> apps = new HashMap<>();
    private final Map<String, List<RevisionRef>> revisions = new HashMap<>();
    final List<Integer> markedStable = new ArrayList<>();

    synchronized void put(AppDefinition app, String... images) {
        apps.put(app.name(), app);
        List<RevisionRef> list = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            list.add(new RevisionRef(app.name(), i + 1, Map.of("image", images[i])));
        }
        revisions.put(app.name(), list);
    }

    @Override
    public synchronized Optional<AppDefinition> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    @Override
    public synchronized RevisionRef revision(String app, int number) {
        return revisions.getOrDefault(app, List.of()).stream().filter(r -> r.revision() == number).findFirst()
                .orElseThrow(() -> LegendsException.notFound(app + ": no revision " + number));
    }

    @Override
    public synchronized List<RevisionRef> revisions(String app) {
        return List.copyOf(revisions.getOrDefault(app, List.of()));
    }

    @Override
    public synchronized RevisionRef createRevision(String app, String image, String changeCause) {
        List<RevisionRef> list = revisions.get(app);
        for (RevisionRef r : list) {
            if (image.equals(r.template().get("image"))) {
                return r;
            }
        }
        RevisionRef r = new RevisionRef(app, list.size() + 1, Map.of("image", image));
        list.add(r);
        AppDefinition a = apps.get(app);
        apps.put(app, new AppDefinition(a.name(), a.replicas(), a.stableRevision(), r.revision(), a.host(), a.pathPrefix(), a.port(),
                a.strategy()));
        return r;
    }

    @Override
    public synchronized void markStable(String app, int revision) {
        AppDefinition a = apps.get(app);
        apps.put(app, new AppDefinition(a.name(), a.replicas(), revision, a.latestRevision(), a.host(), a.pathPrefix(), a.port(),
                a.strategy()));
        markedStable.add(revision);
    }

    synchronized void strategy(String app, Map<String, Object> strategy) {
        AppDefinition a = apps.get(app);
        apps.put(app, new AppDefinition(a.name(), a.replicas(), a.stableRevision(), a.latestRevision(), a.host(), a.pathPrefix(), a.port(),
                strategy));
    }

    synchronized void delete(String app) {
        apps.remove(app);
    }
}
