package dev.legends.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path dir;

    private static final Schema WIDGETS = new Schema("widgets", List.of(
            Migration.of(1, "widgets", "CREATE TABLE widgets (name TEXT PRIMARY KEY, size INTEGER NOT NULL)"),
            Migration.of(2, "colour", "ALTER TABLE widgets ADD COLUMN colour TEXT")));

    @Test
    void opensInWalModeAndAppliesEveryMigration() {
        try (Store store = Store.open(dir.resolve("legends.db"), WIDGETS)) {
            assertThat(store.schemaVersion("store")).isEqualTo(1);
            assertThat(store.schemaVersion("widgets")).isEqualTo(2);
            String mode = store.inTransaction(tx -> tx.query("PRAGMA journal_mode", r -> r.getString(1)).getFirst());
            assertThat(mode).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void migrationsAppliedTwiceChangeNothing() {
        Path db = dir.resolve("legends.db");
        try (Store store = Store.open(db, WIDGETS)) {
            store.inTransaction(tx -> tx.update("INSERT INTO widgets (name, size, colour) VALUES ('a', 1, 'red')"));
        }
        List<String> before;
        try (Store store = Store.open(db, WIDGETS)) {
            before = dump(store);
        }
        try (Store store = Store.open(db, WIDGETS)) {
            assertThat(dump(store)).isEqualTo(before);
            int applied = store.inTransaction(tx -> tx.query("SELECT count(*) FROM schema_migrations", r -> r.getInt(1)).getFirst());
            assertThat(applied).isEqualTo(3);
            List<String> colours = store.inTransaction(tx -> tx.query("SELECT colour FROM widgets", r -> r.getString(1)));
            assertThat(colours).containsExactly("red");
        }
    }

    @Test
    void onlyTheNewMigrationRunsWhenASchemaGrows() {
        Path db = dir.resolve("legends.db");
        Schema v1 = new Schema("widgets", WIDGETS.migrations().subList(0, 1));
        try (Store store = Store.open(db, v1)) {
            store.inTransaction(tx -> tx.update("INSERT INTO widgets (name, size) VALUES ('a', 1)"));
        }
        try (Store store = Store.open(db, WIDGETS)) {
            assertThat(store.schemaVersion("widgets")).isEqualTo(2);
            List<String> names = store.inTransaction(tx -> tx.query("SELECT name FROM widgets", r -> r.getString(1)));
            assertThat(names).containsExactly("a");
        }
    }

    @Test
    void aStoreFromANewerLegendsIsRefused() {
        Path db = dir.resolve("legends.db");
        Store.open(db, WIDGETS).close();
        Schema older = new Schema("widgets", WIDGETS.migrations().subList(0, 1));
        assertThatThrownBy(() -> Store.open(db, older))
                .isInstanceOf(LegendsException.class)
                .hasMessageContaining("widgets v2")
                .hasMessageContaining("knows only v1");
    }

    @Test
    void aFailedUnitOfWorkLeavesNoTraceAndNotifiesNobody() {
        try (Store store = Store.open(dir.resolve("legends.db"))) {
            List<Event> heard = new ArrayList<>();
            store.events().subscribe(heard::add);
            assertThatThrownBy(() -> store.inTransaction(tx -> {
                store.events().append(tx, "test", "x", "one");
                throw LegendsException.invalid("boom");
            })).hasMessage("boom");
            assertThat(store.events().tail(10)).isEmpty();
            assertThat(heard).isEmpty();

            Event e = store.events().append("test", "x", "two");
            assertThat(heard).containsExactly(e);
            assertThat(store.events().tail(10)).containsExactly(e);
        }
    }

    @Test
    void eventsPageFromAnIdAndTailReturnsTheNewest() {
        try (Store store = Store.open(dir.resolve("legends.db"))) {
            for (int i = 0; i < 5; i++) {
                store.events().append("test", "obj" + i, "message " + i);
            }
            assertThat(store.events().after(2, 2)).extracting(Event::object).containsExactly("obj2", "obj3");
            assertThat(store.events().tail(2)).extracting(Event::object).containsExactly("obj3", "obj4");
        }
    }

    @Test
    void aBadStatementIsAnInternalErrorNamingTheStatement() {
        try (Store store = Store.open(dir.resolve("legends.db"))) {
            assertThatThrownBy(() -> store.inTransaction(tx -> tx.update("INSERT INTO nowhere VALUES (1)")))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                    .hasMessageContaining("nowhere");
        }
    }

    @Test
    void anUnwritableLocationIsOneClearError() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> Store.open(file.resolve("legends.db")))
                .isInstanceOf(LegendsException.class)
                .hasMessageContaining("open store");
    }

    private static List<String> dump(Store store) {
        return store.inTransaction(tx -> tx.query(
                "SELECT type || ':' || name || ':' || COALESCE(sql, '') FROM sqlite_master ORDER BY name", r -> r.getString(1)));
    }
}
