package dev.legends.store;

import dev.legends.core.LegendsException;
import java.time.Instant;
import java.util.List;

/** Brings each schema to its latest version, one transaction per migration. */
final class Migrator {
    private final Store store;

    Migrator(Store store) {
        this.store = store;
    }

    void apply(List<Schema> schemas) {
        store.inTransaction(tx -> tx.update("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  component TEXT NOT NULL,
                  version INTEGER NOT NULL,
                  description TEXT NOT NULL,
                  applied_at TEXT NOT NULL,
                  PRIMARY KEY (component, version))"""));
        for (Schema schema : schemas) {
            int have = store.inTransaction(tx -> version(tx, schema.component()));
            if (have > schema.latest()) {
                throw LegendsException.precondition("store " + store.file() + " has schema " + schema.component() + " v"
                        + have + " but this legends knows only v" + schema.latest() + ": run a newer legends");
            }
            for (Migration m : schema.migrations().subList(have, schema.latest())) {
                store.inTransaction(tx -> {
                    m.statements().forEach(tx::update);
                    tx.update("INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (?,?,?,?)",
                            schema.component(), m.version(), m.description(), Instant.now().toString());
                    return null;
                });
            }
        }
    }

    static int version(Tx tx, String component) {
        return tx.queryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?",
                r -> r.getInt(1), component).orElse(0);
    }
}
