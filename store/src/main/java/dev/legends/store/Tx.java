package dev.legends.store;

import java.util.List;
import java.util.Optional;

/** The statements one unit of work may run. Only {@link Store} creates transactions. */
public interface Tx {
    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows changed. */
    int update(String sql, Object... args);

    /** Runs an INSERT and returns the new row id. */
    long insert(String sql, Object... args);

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args);

    default <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Runs {@code action} once the transaction has committed; never if it rolls back. */
    void afterCommit(Runnable action);
}
