package dev.legends.pod;

import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.store.Migration;
import dev.legends.store.Schema;
import dev.legends.store.Store;
import dev.legends.store.Tx;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pod layer's tables and every statement on them. Lookups follow docker: a full id, then a
 * name, then a unique id prefix.
 */
final class Records {
    static final Schema SCHEMA = new Schema("pod", List.of(Migration.of(1, "pods and containers", """
            CREATE TABLE pods (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              hostname TEXT NOT NULL,
              share_pid INTEGER NOT NULL,
              pause_id TEXT NOT NULL,
              created_ms INTEGER NOT NULL)""", """
            CREATE TABLE containers (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              role TEXT NOT NULL,
              pod_id TEXT REFERENCES pods(id),
              image_ref TEXT NOT NULL,
              image_id TEXT,
              chain_id TEXT,
              command TEXT NOT NULL,
              config TEXT NOT NULL,
              options TEXT NOT NULL,
              restart_policy TEXT NOT NULL,
              restart_count INTEGER NOT NULL DEFAULT 0,
              stopped_by_user INTEGER NOT NULL DEFAULT 0,
              handled_exit TEXT,
              joined_pid INTEGER NOT NULL DEFAULT 0,
              created_ms INTEGER NOT NULL)""",
            "CREATE INDEX containers_pod ON containers(pod_id)"),
            // named volumes; who uses one is read from the containers' options, never kept twice
            Migration.of(2, "volumes", """
            CREATE TABLE volumes (
              name TEXT PRIMARY KEY,
              anonymous INTEGER NOT NULL DEFAULT 0,
              labels TEXT NOT NULL,
              created_ms INTEGER NOT NULL)""")));

    private static final String CONTAINER_COLUMNS = "id, name, role, pod_id, image_ref, image_id, chain_id, config, options, "
            + "restart_count, stopped_by_user, handled_exit, joined_pid, created_ms";

    private final Store store;

    Records(Store store) {
        this.store = store;
    }

    <T> T tx(Function<Tx, T> work) {
        return store.inTransaction(work);
    }

    void insert(Tx tx, StoredContainer c) {
        tx.update("INSERT INTO containers (" + CONTAINER_COLUMNS + ", command, restart_policy) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                c.id(), c.name(), c.role().name(), c.podId(), c.imageRef(), c.imageId(), c.chainId(),
                Json.compact(c.config()), Json.compact(c.options()), c.restartCount(), c.stoppedByUser() ? 1 : 0,
                c.handledExit(), c.joinedPid(), c.created().toEpochMilli(), Json.compact(c.config().args()),
                c.restart().toString());
    }

    void insert(Tx tx, StoredPod p) {
        tx.update("INSERT INTO pods (id, name, hostname, share_pid, pause_id, created_ms) VALUES (?,?,?,?,?,?)",
                p.id(), p.name(), p.hostname(), p.sharePid() ? 1 : 0, p.pauseId(), p.created().toEpochMilli());
    }

    List<StoredContainer> containers() {
        return tx(t -> t.query("SELECT " + CONTAINER_COLUMNS + " FROM containers ORDER BY created_ms DESC", Records::container));
    }

    List<StoredContainer> members(String podId) {
        return tx(t -> t.query("SELECT " + CONTAINER_COLUMNS + " FROM containers WHERE pod_id = ? AND role = 'APP' ORDER BY created_ms",
                Records::container, podId));
    }

    Optional<StoredContainer> container(String id) {
        return tx(t -> t.queryOne("SELECT " + CONTAINER_COLUMNS + " FROM containers WHERE id = ?", Records::container, id));
    }

    Optional<StoredContainer> containerByName(String name) {
        return tx(t -> t.queryOne("SELECT " + CONTAINER_COLUMNS + " FROM containers WHERE name = ?", Records::container, name));
    }

    StoredContainer findContainer(String ref) {
        return find(ref, "container", this::container, this::containerByName,
                p -> tx(t -> t.query("SELECT " + CONTAINER_COLUMNS + " FROM containers WHERE id LIKE ? LIMIT 2", Records::container, p + "%")));
    }

    List<StoredPod> pods() {
        return tx(t -> t.query("SELECT id, name, hostname, share_pid, pause_id, created_ms FROM pods ORDER BY created_ms DESC", Records::pod));
    }

    Optional<StoredPod> pod(String id) {
        return tx(t -> t.queryOne("SELECT id, name, hostname, share_pid, pause_id, created_ms FROM pods WHERE id = ?", Records::pod, id));
    }

    StoredPod findPod(String ref) {
        return find(ref, "pod",
                this::pod,
                n -> tx(t -> t.queryOne("SELECT id, name, hostname, share_pid, pause_id, created_ms FROM pods WHERE name = ?", Records::pod, n)),
                p -> tx(t -> t.query("SELECT id, name, hostname, share_pid, pause_id, created_ms FROM pods WHERE id LIKE ? LIMIT 2", Records::pod, p + "%")));
    }

    boolean nameTaken(String name) {
        return tx(t -> t.queryOne("SELECT 1 FROM containers WHERE name = ? UNION SELECT 1 FROM pods WHERE name = ?",
                r -> 1, name, name)).isPresent();
    }

    void setStoppedByUser(String id, boolean stopped) {
        tx(t -> t.update("UPDATE containers SET stopped_by_user = ? WHERE id = ?", stopped ? 1 : 0, id));
    }

    void setHandledExit(Tx tx, String id, String exit) {
        tx.update("UPDATE containers SET handled_exit = ? WHERE id = ?", exit, id);
    }

    void setRestartCount(Tx tx, String id, int count) {
        tx.update("UPDATE containers SET restart_count = ? WHERE id = ?", count, id);
    }

    void setJoinedPid(String id, long pid) {
        tx(t -> t.update("UPDATE containers SET joined_pid = ? WHERE id = ?", pid, id));
    }

    void deleteContainer(Tx tx, String id) {
        tx.update("DELETE FROM containers WHERE id = ?", id);
    }

    void deletePod(Tx tx, String id) {
        tx.update("DELETE FROM pods WHERE id = ?", id);
    }

    private static <T> T find(String ref, String what, Function<String, Optional<T>> byId, Function<String, Optional<T>> byName,
                              Function<String, List<T>> byPrefix) {
        if (ref == null || ref.isBlank()) {
            throw LegendsException.invalid("a " + what + " name or id is required");
        }
        Optional<T> found = byId.apply(ref).or(() -> byName.apply(ref));
        if (found.isPresent()) {
            return found.get();
        }
        if (ref.matches("[0-9a-f]{1,63}")) {
            List<T> matches = byPrefix.apply(ref);
            if (matches.size() == 1) {
                return matches.getFirst();
            }
            if (matches.size() > 1) {
                throw LegendsException.invalid("multiple " + what + "s found with prefix " + ref + ": give more of the id");
            }
        }
        throw LegendsException.notFound("no such " + what + ": " + ref);
    }

    private static StoredContainer container(ResultSet r) throws SQLException {
        return new StoredContainer(r.getString(1), r.getString(2), StoredContainer.Role.valueOf(r.getString(3)), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7),
                Json.read(r.getString(8).getBytes(StandardCharsets.UTF_8), MergedConfig.class),
                Json.read(r.getString(9).getBytes(StandardCharsets.UTF_8), RunSpec.class),
                r.getInt(10), r.getInt(11) != 0, r.getString(12), r.getLong(13), Instant.ofEpochMilli(r.getLong(14)));
    }

    private static StoredPod pod(ResultSet r) throws SQLException {
        return new StoredPod(r.getString(1), r.getString(2), r.getString(3), r.getInt(4) != 0, r.getString(5),
                Instant.ofEpochMilli(r.getLong(6)));
    }
}
