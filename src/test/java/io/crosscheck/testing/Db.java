package io.crosscheck.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-setup SQL for what the API cannot do on demand (a lease that has already run out: {@link #lapse}), and reads
 * of rows the API does not expose. Assignments themselves come from the queue ({@link Work}), so the item counters
 * stay the queue's. Setup and inspection only; behaviour is always exercised through the API.
 */
public final class Db {

    private final DataSource dataSource;

    public Db(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Still marked leased, but the lease ran out a minute ago (as before the queue notices). */
    public void lapse(long assignmentId) {
        update("update assignment set lease_expires_at = now() - interval '1 minute' where id = ?", assignmentId);
    }

    /** Returns the number of rows changed. */
    public int update(String sql, Object... params) {
        try {
            return execute(sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One statement in its own transaction (autocommit), so deferred keys are checked as it commits. */
    public int execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row, as a long (counts, ids). */
    public long scalar(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
