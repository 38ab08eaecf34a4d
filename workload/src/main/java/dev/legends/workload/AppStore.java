package dev.legends.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.store.Migration;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import dev.legends.store.Tx;
import dev.legends.workload.manifest.AppManifest;
import dev.legends.workload.manifest.PodTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workload tables: apps (their last applied manifest, replica count, stable and latest
 * revision), immutable revisions (template JSON and its hash), the desired replicas per
 * revision that the replica controller converges to, and autoscalers.
 */
final class AppStore {
    static final Schema SCHEMA = new Schema("workload", List.of(Migration.of(1, "apps, revisions, desired replicas, autoscalers", """
            CREATE TABLE apps (
              name TEXT PRIMARY KEY,
              manifest TEXT NOT NULL,
              replicas INTEGER NOT NULL,
              stable_revision INTEGER NOT NULL,
              latest_revision INTEGER NOT NULL,
              created_ms INTEGER NOT NULL,
              updated_ms INTEGER NOT NULL)""", """
            CREATE TABLE app_revisions (
              app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
              number INTEGER NOT NULL,
              template TEXT NOT NULL,
              template_hash TEXT NOT NULL,
              change_cause TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              PRIMARY KEY (app, number))""", """
            CREATE TABLE app_desired (
              app TEXT NOT NULL,
              revision INTEGER NOT NULL,
              replicas INTEGER NOT NULL,
              PRIMARY KEY (app, revision),
              FOREIGN KEY (app, revision) REFERENCES app_revisions(app, number) ON DELETE CASCADE)""", """
            CREATE TABLE app_autoscalers (
              app TEXT PRIMARY KEY REFERENCES apps(name) ON DELETE CASCADE,
              spec TEXT NOT NULL,
              created_ms INTEGER NOT NULL)"""),
            // the kubelet keeps a container's restart count across its own restarts: so does the controller
            Migration.of(2, "restart counts of instances", """
            CREATE TABLE app_instances (
              pod TEXT PRIMARY KEY,
              app TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
              restarts INTEGER NOT NULL)""")));

    /** Sorted keys, so that equal templates hash equally whatever order their fields were written in. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    record AppRow(String name, AppManifest manifest, int replicas, int stable, int latest, Instant created, Instant updated) {}

    record RevisionRow(String app, int number, PodTemplate template, String hash, String changeCause, Instant created) {}

    record Desired(String app, int revision, int replicas) {}

    private final Store store;

    AppStore(Store store) {
        this.store = store;
    }

    <T> T tx(Function<Tx, T> work) {
        return store.inTransaction(work);
    }

    Store store() {
        return store;
    }

    static String hash(PodTemplate t) {
        return Digest.of(canonical(t).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw LegendsException.internal("encode template", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(PodTemplate t) {
        return CANONICAL.convertValue(t, Map.class);
    }

    static PodTemplate template(Map<String, Object> tree) {
        return Json.mapper().convertValue(tree, PodTemplate.class);
    }

    // apps

    Optional<AppRow> app(Tx tx, String name) {
        return tx.queryOne("SELECT name, manifest, replicas, stable_revision, latest_revision, created_ms, updated_ms FROM apps WHERE name = ?",
                AppStore::appRow, name);
    }

    Optional<AppRow> app(String name) {
        return tx(t -> app(t, name));
    }

    AppRow requireApp(Tx tx, String name) {
        return app(tx, name).orElseThrow(() -> LegendsException.notFound("app " + name + " not found"));
    }

    List<AppRow> apps() {
        return tx(t -> t.query("SELECT name, manifest, replicas, stable_revision, latest_revision, created_ms, updated_ms FROM apps ORDER BY name",
                AppStore::appRow));
    }

    void insertApp(Tx tx, AppManifest m, int stable) {
        long now = System.currentTimeMillis();
        tx.update("INSERT INTO apps (name, manifest, replicas, stable_revision, latest_revision, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?)",
                m.name(), Json.compact(m), m.replicas(), stable, stable, now, now);
    }

    void updateApp(Tx tx, AppManifest m) {
        tx.update("UPDATE apps SET manifest = ?, replicas = ?, updated_ms = ? WHERE name = ?",
                Json.compact(m), m.replicas(), System.currentTimeMillis(), m.name());
    }

    void setReplicas(Tx tx, String app, int replicas) {
        tx.update("UPDATE apps SET replicas = ?, updated_ms = ? WHERE name = ?", replicas, System.currentTimeMillis(), app);
    }

    void setStable(Tx tx, String app, int revision) {
        tx.update("UPDATE apps SET stable_revision = ?, updated_ms = ? WHERE name = ?", revision, System.currentTimeMillis(), app);
    }

    void deleteApp(Tx tx, String app) {
        tx.update("DELETE FROM app_desired WHERE app = ?", app);
        tx.update("DELETE FROM apps WHERE name = ?", app);
    }

    // revisions

    List<RevisionRow> revisions(Tx tx, String app) {
        return tx.query("SELECT app, number, template, template_hash, change_cause, created_ms FROM app_revisions WHERE app = ? ORDER BY number",
                AppStore::revisionRow, app);
    }

    Optional<RevisionRow> revision(Tx tx, String app, int number) {
        return tx.queryOne("SELECT app, number, template, template_hash, change_cause, created_ms FROM app_revisions WHERE app = ? AND number = ?",
                AppStore::revisionRow, app, number);
    }

    Optional<RevisionRow> revisionByHash(Tx tx, String app, String hash) {
        return tx.queryOne("SELECT app, number, template, template_hash, change_cause, created_ms FROM app_revisions WHERE app = ? AND template_hash = ?",
                AppStore::revisionRow, app, hash);
    }

    /** A new revision numbered after the newest, which becomes the app's latest. */
    RevisionRow insertRevision(Tx tx, String app, PodTemplate template, String cause) {
        int number = tx.queryOne("SELECT COALESCE(MAX(number), 0) FROM app_revisions WHERE app = ?", r -> r.getInt(1), app).orElse(0) + 1;
        long now = System.currentTimeMillis();
        String hash = hash(template);
        tx.update("INSERT INTO app_revisions (app, number, template, template_hash, change_cause, created_ms) VALUES (?,?,?,?,?,?)",
                app, number, canonical(template), hash, cause, now);
        tx.update("UPDATE apps SET latest_revision = ? WHERE name = ?", number, app);
        return new RevisionRow(app, number, template, hash, cause, Instant.ofEpochMilli(now));
    }

    // desired replicas

    List<Desired> desired() {
        return tx(t -> t.query("SELECT app, revision, replicas FROM app_desired ORDER BY app, revision",
                r -> new Desired(r.getString(1), r.getInt(2), r.getInt(3))));
    }

    List<Desired> desired(Tx tx, String app) {
        return tx.query("SELECT app, revision, replicas FROM app_desired WHERE app = ? ORDER BY revision",
                r -> new Desired(r.getString(1), r.getInt(2), r.getInt(3)), app);
    }

    Optional<Integer> desired(Tx tx, String app, int revision) {
        return tx.queryOne("SELECT replicas FROM app_desired WHERE app = ? AND revision = ?", r -> r.getInt(1), app, revision);
    }

    void setDesired(Tx tx, String app, int revision, int replicas) {
        tx.update("INSERT INTO app_desired (app, revision, replicas) VALUES (?,?,?) "
                + "ON CONFLICT (app, revision) DO UPDATE SET replicas = excluded.replicas", app, revision, replicas);
    }

    void forgetDesired(Tx tx, String app, int revision) {
        tx.update("DELETE FROM app_desired WHERE app = ? AND revision = ?", app, revision);
    }

    // restart counts, by pod name

    Map<String, Integer> restarts() {
        Map<String, Integer> m = new java.util.HashMap<>();
        tx(t -> t.query("SELECT pod, restarts FROM app_instances", r -> m.put(r.getString(1), r.getInt(2))));
        return m;
    }

    void setRestarts(String app, String pod, int restarts) {
        tx(t -> t.update("INSERT INTO app_instances (pod, app, restarts) SELECT ?, name, ? FROM apps WHERE name = ? "
                + "ON CONFLICT (pod) DO UPDATE SET restarts = excluded.restarts", pod, restarts, app));
    }

    void forgetInstance(String pod) {
        tx(t -> t.update("DELETE FROM app_instances WHERE pod = ?", pod));
    }

    // autoscalers

    Optional<AutoscalerSpec> autoscaler(Tx tx, String app) {
        return tx.queryOne("SELECT spec FROM app_autoscalers WHERE app = ?",
                r -> Json.read(r.getString(1).getBytes(StandardCharsets.UTF_8), AutoscalerSpec.class), app);
    }

    List<AutoscalerSpec> autoscalers() {
        return tx(t -> t.query("SELECT spec FROM app_autoscalers ORDER BY app",
                r -> Json.read(r.getString(1).getBytes(StandardCharsets.UTF_8), AutoscalerSpec.class)));
    }

    void putAutoscaler(Tx tx, AutoscalerSpec spec) {
        tx.update("INSERT INTO app_autoscalers (app, spec, created_ms) VALUES (?,?,?) "
                + "ON CONFLICT (app) DO UPDATE SET spec = excluded.spec", spec.app(), Json.compact(spec), System.currentTimeMillis());
    }

    boolean deleteAutoscaler(Tx tx, String app) {
        return tx.update("DELETE FROM app_autoscalers WHERE app = ?", app) > 0;
    }

    private static AppRow appRow(java.sql.ResultSet r) throws java.sql.SQLException {
        return new AppRow(r.getString(1), Json.read(r.getString(2).getBytes(StandardCharsets.UTF_8), AppManifest.class), r.getInt(3),
                r.getInt(4), r.getInt(5), Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7)));
    }

    private static RevisionRow revisionRow(java.sql.ResultSet r) throws java.sql.SQLException {
        return new RevisionRow(r.getString(1), r.getInt(2), Json.read(r.getString(3).getBytes(StandardCharsets.UTF_8), PodTemplate.class),
                r.getString(4), r.getString(5), Instant.ofEpochMilli(r.getLong(6)));
    }
}
