package dev.legends.workload;

import dev.legends.core.LegendsException;
import dev.legends.workload.port.Instance;
import dev.legends.workload.port.Platform;
import dev.legends.workload.port.RevisionRef;
import java.util.List;

/**
 * The Platform port on the local engine: desired replicas go to the store, and the replica
 * controller converges to them in the background; instances are what it observed last.
 */
final class LocalPlatform implements Platform {
    private final AppStore store;
    private final ReplicaController controller;

    LocalPlatform(AppStore store, ReplicaController controller) {
        this.store = store;
        this.controller = controller;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void scale(RevisionRef revision, int replicas) {
        if (replicas < 0 || replicas > 100) {
            throw LegendsException.invalid("scale " + revision.app() + " revision " + revision.revision() + ": replicas must be within 0..100");
        }
        store.tx(tx -> {
            store.requireApp(tx, revision.app());
            store.revision(tx, revision.app(), revision.revision()).orElseThrow(() ->
                    LegendsException.notFound("app " + revision.app() + " has no revision " + revision.revision()));
            store.setDesired(tx, revision.app(), revision.revision(), replicas);
            return null;
        });
        controller.kick();
    }

    @Override
    public int desired(String app, int revision) {
        return store.tx(tx -> store.desired(tx, app, revision)).orElse(0);
    }

    @Override
    public List<Instance> instances(String app) {
        return controller.instances(app);
    }

    @Override
    public void remove(String app, int revision) {
        store.tx(tx -> {
            store.forgetDesired(tx, app, revision);
            return null;
        });
        controller.kick();
    }
}
