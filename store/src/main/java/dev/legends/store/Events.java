package dev.legends.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events table that every layer appends to. Listeners hear of an event only once its
 * transaction has committed, so a follower never shows something that was rolled back.
 */
public final class Events {
    static final Schema SCHEMA = new Schema("store", List.of(Migration.of(1, "events table", """
            CREATE TABLE events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              time_ms INTEGER NOT NULL,
              kind TEXT NOT NULL,
              object TEXT NOT NULL,
              message TEXT NOT NULL)""")));

    private final Store store;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    Events(Store store) {
        this.store = store;
    }

    /** Appends an event as part of {@code tx}. */
    public Event append(Tx tx, String kind, String object, String message) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        long id = tx.insert("INSERT INTO events (time_ms, kind, object, message) VALUES (?,?,?,?)",
                now.toEpochMilli(), kind, object, message);
        Event e = new Event(id, now, kind, object, message);
        tx.afterCommit(() -> listeners.forEach(l -> l.accept(e)));
        return e;
    }

    /** Appends an event in a transaction of its own. */
    public Event append(String kind, String object, String message) {
        return store.inTransaction(tx -> append(tx, kind, object, message));
    }

    /** Events with id greater than {@code afterId}, oldest first, at most {@code limit}. */
    public List<Event> after(long afterId, int limit) {
        return store.inTransaction(tx -> tx.query(
                "SELECT id, time_ms, kind, object, message FROM events WHERE id > ? ORDER BY id LIMIT ?",
                Events::row, afterId, limit));
    }

    /** The newest {@code limit} events, oldest first. */
    public List<Event> tail(int limit) {
        return store.inTransaction(tx -> tx.query("""
                SELECT * FROM (SELECT id, time_ms, kind, object, message FROM events ORDER BY id DESC LIMIT ?)
                ORDER BY id""", Events::row, limit));
    }

    /** Calls {@code listener} for each event committed from now on; close the result to stop. */
    public AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static Event row(ResultSet r) throws SQLException {
        return new Event(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getString(4), r.getString(5));
    }
}
