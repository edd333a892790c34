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
 * Test-setup SQL: assignments in a chosen state (leased, lapsed, submitted, skipped) without going through the queue,
 * and reads of rows the API does not expose. Setup and inspection only; behaviour is always exercised through the API.
 */
public final class Db {

    private final DataSource dataSource;

    public Db(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A live lease (ten minutes) of the article's item in the project; the article must already be an item. */
    public long leasedAssignment(long projectId, long articleId, long annotatorId) {
        try {
            return ((Number) query("insert into assignment (project_id, item_id, article_id, annotator_id, status, lease_expires_at) "
                    + "select ?, i.id, i.article_id, ?, 'leased', now() + interval '10 minutes' from project_item i "
                    + "where i.project_id = ? and i.article_id = ? returning id", projectId, annotatorId, projectId, articleId)
                    .get(0).get("id")).longValue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void submit(long assignmentId) {
        update("update assignment set status = 'submitted', lease_expires_at = null, ended_at = now() where id = ?", assignmentId);
    }

    public void skip(long assignmentId) {
        update("update assignment set status = 'skipped', lease_expires_at = null, ended_at = now() where id = ?", assignmentId);
    }

    /** Still marked leased, but the lease ran out a minute ago (as before the queue notices). */
    public void lapse(long assignmentId) {
        update("update assignment set lease_expires_at = now() - interval '1 minute' where id = ?", assignmentId);
    }

    public void update(String sql, Object... params) {
        try {
            execute(sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One statement in its own transaction (autocommit), so deferred keys are checked as it commits. */
    public void execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
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
