package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.PodTemplate;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.RevisionRef;
import java.util.List;
import java.util.Optional;

/** The AppCatalog port over the workload tables. */
final class StoreCatalog implements AppCatalog {
    private final AppStore store;

    StoreCatalog(AppStore store) {
        this.store = store;
    }

    @Override
    public Optional<AppDefinition> app(String name) {
        return store.app(name).map(StoreCatalog::definition);
    }

    static AppDefinition definition(AppStore.AppRow a) {
        AppManifest.Route r = a.manifest().route();
        int port = r != null ? r.port() : a.manifest().template().firstPort();
        return new AppDefinition(a.name(), a.replicas(), a.stable(), a.latest(), r == null ? null : r.host(),
                r == null ? "/" : r.path(), port, a.manifest().strategy());
    }

    static RevisionRef ref(AppStore.RevisionRow r) {
        return new RevisionRef(r.app(), r.number(), AppStore.tree(r.template()));
    }

    @Override
    public RevisionRef revision(String app, int number) {
        return store.tx(tx -> store.revision(tx, app, number)).map(StoreCatalog::ref)
                .orElseThrow(() -> LegendsException.notFound("app " + app + " has no revision " + number));
    }

    @Override
    public List<RevisionRef> revisions(String app) {
        return store.tx(tx -> {
            store.requireApp(tx, app);
            return store.revisions(tx, app).stream().map(StoreCatalog::ref).toList();
        });
    }

    @Override
    public RevisionRef createRevision(String app, String image, String changeCause) {
        if (image == null || image.isBlank()) {
            throw LegendsException.invalid("new revision of " + app + ": image must not be empty");
        }
        return store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, app);
            PodTemplate t = store.revision(tx, app, a.stable()).orElseThrow().template().withImage(image);
            AppStore.RevisionRow r = store.revisionByHash(tx, app, AppStore.hash(t))
                    .orElseGet(() -> {
                        AppStore.RevisionRow created = store.insertRevision(tx, app, t,
                                changeCause == null || changeCause.isBlank() ? "image " + image : changeCause);
                        store.store().events().append(tx, "app", app, "revision " + created.number() + ": " + created.changeCause());
                        return created;
                    });
            return ref(r);
        });
    }

    @Override
    public void markStable(String app, int revision) {
        store.tx(tx -> {
            store.requireApp(tx, app);
            store.revision(tx, app, revision).orElseThrow(() -> LegendsException.notFound("app " + app + " has no revision " + revision));
            store.setStable(tx, app, revision);
            store.store().events().append(tx, "app", app, "revision " + revision + " is stable");
            return null;
        });
    }
}
