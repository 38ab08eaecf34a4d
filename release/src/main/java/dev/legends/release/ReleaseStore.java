package dev.legends.release;

import dev.legends.core.Json;
import dev.legends.store.Migration;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import dev.legends.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The releases and their timelines in SQLite. Every state change is one transaction. */
final class ReleaseStore {
    static final Schema SCHEMA = new Schema("release", List.of(Migration.of(1, "releases and their timelines", """
            CREATE TABLE releases (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              app TEXT NOT NULL,
              revision INTEGER NOT NULL,
              stable_revision INTEGER NOT NULL,
              replicas INTEGER NOT NULL,
              kind TEXT NOT NULL,
              undo INTEGER NOT NULL,
              strategy TEXT NOT NULL,
              override TEXT,
              phase TEXT NOT NULL,
              step INTEGER NOT NULL,
              message TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              updated_ms INTEGER NOT NULL,
              ended_ms INTEGER,
              progress TEXT NOT NULL)""",
            "CREATE INDEX releases_app ON releases (app, id)",
            """
            CREATE TABLE release_timeline (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
              time_ms INTEGER NOT NULL,
              step INTEGER NOT NULL,
              phase TEXT NOT NULL,
              weights TEXT,
              message TEXT NOT NULL)""",
            "CREATE INDEX release_timeline_release ON release_timeline (release_id, id)")));

    private static final String COLUMNS = "id, app, revision, stable_revision, replicas, kind, undo, strategy, override, phase, "
            + "step, message, created_ms, updated_ms, ended_ms, progress";

    private final Store store;

    ReleaseStore(Store store) {
        this.store = store;
    }

    Store store() {
        return store;
    }

    ReleaseRow insert(ReleaseRow r, String firstMessage) {
        return store.inTransaction(tx -> {
            long id = tx.insert("INSERT INTO releases (app, revision, stable_revision, replicas, kind, undo, strategy, override, "
                            + "phase, step, message, created_ms, updated_ms, ended_ms, progress) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    r.app(), r.revision(), r.stableRevision(), r.replicas(), r.kind(), r.undo() ? 1 : 0, Json.compact(r.strategy()),
                    r.override(), r.phase().name(), r.step(), r.message(), r.createdMs(), r.updatedMs(), r.endedMs(),
                    Json.compact(r.progress()));
            ReleaseRow saved = r.withId(id);
            timeline(tx, saved, r.createdMs(), null, firstMessage);
            store.events().append(tx, "release", r.app(), firstMessage);
            return saved;
        });
    }

    /** Saves the row and appends {@code entries} to its timeline (and to the events table) in one transaction. */
    void save(ReleaseRow r, List<TimelineEntry> entries) {
        store.inTransaction(tx -> {
            tx.update("UPDATE releases SET phase = ?, step = ?, message = ?, updated_ms = ?, ended_ms = ?, progress = ? WHERE id = ?",
                    r.phase().name(), r.step(), r.message(), r.updatedMs(), r.endedMs(), Json.compact(r.progress()), r.id());
            for (TimelineEntry e : entries) {
                timeline(tx, r, e.timeMs(), e.weights(), e.message());
                store.events().append(tx, "release", r.app(), "release " + r.id() + " (revision " + r.revision() + "): " + e.message());
            }
            return null;
        });
    }

    private static void timeline(Tx tx, ReleaseRow r, long timeMs, String weights, String message) {
        tx.insert("INSERT INTO release_timeline (release_id, time_ms, step, phase, weights, message) VALUES (?,?,?,?,?,?)",
                r.id(), timeMs, r.step(), r.phase().name(), weights, message);
    }

    Optional<ReleaseRow> latest(String app) {
        return store.inTransaction(tx -> tx.queryOne("SELECT " + COLUMNS + " FROM releases WHERE app = ? ORDER BY id DESC LIMIT 1",
                ReleaseStore::row, app));
    }

    Optional<ReleaseRow> latestOfRevision(String app, int revision) {
        return store.inTransaction(tx -> tx.queryOne(
                "SELECT " + COLUMNS + " FROM releases WHERE app = ? AND revision = ? ORDER BY id DESC LIMIT 1",
                ReleaseStore::row, app, revision));
    }

    List<ReleaseRow> history(String app) {
        return store.inTransaction(tx -> tx.query("SELECT " + COLUMNS + " FROM releases WHERE app = ? ORDER BY id", ReleaseStore::row, app));
    }

    /** Releases the controller still has work for: active ones, aborted ones not yet back on stable, pending scale-downs. */
    List<ReleaseRow> unfinished() {
        return store.inTransaction(tx -> tx.query("SELECT " + COLUMNS + " FROM releases WHERE phase IN ('PROGRESSING', 'PAUSED') "
                + "OR (phase = 'ABORTED' AND json_extract(progress, '$.rolledBackMs') IS NULL) "
                + "OR json_extract(progress, '$.cleanupDone') = 0 ORDER BY id", ReleaseStore::row));
    }

    List<TimelineEntry> timeline(long releaseId) {
        return store.inTransaction(tx -> tx.query(
                "SELECT time_ms, step, phase, weights, message FROM release_timeline WHERE release_id = ? ORDER BY id",
                r -> new TimelineEntry(r.getLong(1), r.getInt(2), r.getString(3), r.getString(4), r.getString(5)), releaseId));
    }

    @SuppressWarnings("unchecked")
    private static ReleaseRow row(ResultSet r) throws SQLException {
        long ended = r.getLong(15);
        Long endedMs = r.wasNull() ? null : ended;
        return new ReleaseRow(r.getLong(1), r.getString(2), r.getInt(3), r.getInt(4), r.getInt(5), r.getString(6), r.getInt(7) != 0,
                Json.read(r.getString(8).getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class), r.getString(9),
                Phase.valueOf(r.getString(10)), r.getInt(11), r.getString(12), r.getLong(13), r.getLong(14), endedMs,
                Json.read(r.getString(16).getBytes(java.nio.charset.StandardCharsets.UTF_8), Progress.class));
    }
}
