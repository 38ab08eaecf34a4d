package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.PodTemplate;
import dev.legends.workload.port.AppCatalog;
import dev.legends.workload.port.AppDefinition;
import dev.legends.workload.port.RevisionRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The AppCatalog port over the workload tables. */
final class StoreCatalog implements AppCatalog {
    /** Hears that a release made another revision the stable one. */
    interface StableListener {
        void stableChanged(String app, int previous, int revision);
    }

    private final AppStore store;
    private final StableListener listener;

    StoreCatalog(AppStore store, StableListener listener) {
        this.store = store;
        this.listener = listener;
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

    /**
     * A revision as platforms get it: the pod template, and the app's {@code network} beside it
     * (a platform that cannot keep addresses must see {@code stickyIPs} to refuse it).
     */
    static RevisionRef ref(AppStore.RevisionRow r, AppManifest.Network network) {
        Map<String, Object> tree = AppStore.tree(r.template());
        if (network != null) {
            tree = new LinkedHashMap<>(tree);
            Map<String, Object> n = new LinkedHashMap<>();
            if (network.name() != null) {
                n.put("name", network.name());
            }
            n.put("stickyIPs", network.stickyIPs());
            tree.put("network", n);
        }
        return new RevisionRef(r.app(), r.number(), tree);
    }

    @Override
    public RevisionRef revision(String app, int number) {
        return store.tx(tx -> {
            AppManifest.Network network = store.app(tx, app).map(a -> a.manifest().network()).orElse(null);
            return store.revision(tx, app, number).map(r -> ref(r, network));
        }).orElseThrow(() -> LegendsException.notFound("app " + app + " has no revision " + number));
    }

    @Override
    public List<RevisionRef> revisions(String app) {
        return store.tx(tx -> {
            AppManifest.Network network = store.requireApp(tx, app).manifest().network();
            return store.revisions(tx, app).stream().map(r -> ref(r, network)).toList();
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
            return ref(r, a.manifest().network());
        });
    }

    @Override
    public void markStable(String app, int revision) {
        int previous = store.tx(tx -> {
            AppStore.AppRow a = store.requireApp(tx, app);
            store.revision(tx, app, revision).orElseThrow(() -> LegendsException.notFound("app " + app + " has no revision " + revision));
            store.setStable(tx, app, revision);
            store.store().events().append(tx, "app", app, "revision " + revision + " is stable");
            return a.stable();
        });
        if (previous != revision) {
            listener.stableChanged(app, previous, revision);
        }
    }
}
