package dev.legends.store;

import dev.legends.core.LegendsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A transaction on the store's connection; lives only inside {@link Store#inTransaction}. */
final class JdbcTx implements Tx {
    private final Connection conn;
    private final List<Runnable> afterCommit = new ArrayList<>();

    JdbcTx(Connection conn) {
        this.conn = conn;
    }

    @Override
    public int update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args, false)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public long insert(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args, true)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement ps = prepare(sql, args, false); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void runAfterCommit() {
        afterCommit.forEach(Runnable::run);
    }

    private PreparedStatement prepare(String sql, Object[] args, boolean keys) throws SQLException {
        PreparedStatement ps = keys ? conn.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : conn.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static LegendsException failed(String sql, SQLException e) {
        String stmt = sql.length() > 60 ? sql.substring(0, 60) + "..." : sql;
        return LegendsException.internal("store: " + e.getMessage() + " [" + stmt + "]", e);
    }
}
