package io.crosscheck.export;

import io.crosscheck.common.CodePoints;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Submitted work and gold written straight into the tables, for export tests that must not depend on the queue,
 * annotation or review endpoints being merged (the rows are exactly what those endpoints store).
 */
final class WorkRows {

    private final DataSource ds;

    WorkRows(DataSource ds) {
        this.ds = ds;
    }

    /** A submitted assignment of the annotator on the article; returns its id. */
    long submitted(long projectId, long articleId, long annotatorId, boolean imported) {
        return counted(projectId, articleId, insert("insert into assignment (project_id, item_id, article_id, annotator_id, status, imported, ended_at)"
                        + " select ?, pi.id, ?, ?, 'submitted', ?, now() from project_item pi"
                        + " where pi.project_id = ? and pi.article_id = ? returning id",
                projectId, articleId, annotatorId, imported, projectId, articleId));
    }

    /** An assignment in another state (leased/skipped), whose work must never be exported. */
    long unsubmitted(long projectId, long articleId, long annotatorId, String status) {
        return counted(projectId, articleId, insert("insert into assignment (project_id, item_id, article_id, annotator_id, status, lease_expires_at)"
                        + " select ?, pi.id, ?, ?, ?, case when ? = 'leased' then now() + interval '1 hour' end"
                        + " from project_item pi where pi.project_id = ? and pi.article_id = ? returning id",
                projectId, articleId, annotatorId, status, status, projectId, articleId));
    }

    /**
     * Brings the item's queue counters in line with its assignments, as the queue and the import keep them (leased
     * and submitted take slots up to k; every imported assignment is counted), so that "complete item" — defined on
     * those counters — sees these rows as it sees real work. Returns the assignment id it was given.
     */
    private long counted(long projectId, long articleId, long assignmentId) {
        exec("update project_item i set"
                + " active_count = least(i.capacity, (select count(*) from assignment a where a.item_id = i.id"
                + "   and a.status in ('leased', 'submitted'))),"
                + " submitted_count = least(i.capacity, (select count(*) from assignment a where a.item_id = i.id"
                + "   and a.status = 'submitted')),"
                + " imported_count = (select count(*) from assignment a where a.item_id = i.id and a.imported)"
                + " where i.project_id = ? and i.article_id = ?", projectId, articleId);
        return assignmentId;
    }

    long documentLabel(long assignmentId, String layer, String label) {
        return insert("insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label)"
                        + " select a.id, a.project_id, a.article_id, a.annotator_id, l.id, ? from assignment a"
                        + " join layer l on l.project_id = a.project_id and l.name = ? where a.id = ? returning id",
                label, layer, assignmentId);
    }

    long span(long assignmentId, String layer, String label, int start, int end, String text, String attributes) {
        return insert("insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label,"
                        + " start_offset, end_offset, quote, attributes)"
                        + " select a.id, a.project_id, a.article_id, a.annotator_id, l.id, ?, ?, ?, ?, ?::jsonb from assignment a"
                        + " join layer l on l.project_id = a.project_id and l.name = ? where a.id = ? returning id",
                label, start, end, CodePoints.substring(text, start, end), attributes == null ? "{}" : attributes, layer,
                assignmentId);
    }

    /** A current adjudication of the item (earlier ones stop being current); returns its id. */
    long adjudication(long projectId, long articleId, long adjudicatorId) {
        exec("update adjudication set current = false from project_item pi where adjudication.item_id = pi.id"
                + " and pi.project_id = ? and pi.article_id = ?", projectId, articleId);
        return insert("insert into adjudication (project_id, item_id, article_id, version, adjudicator_id, note)"
                        + " select ?, pi.id, ?, coalesce((select max(version) from adjudication x where x.item_id = pi.id), 0) + 1,"
                        + " ?, 'test' from project_item pi where pi.project_id = ? and pi.article_id = ? returning id",
                projectId, articleId, adjudicatorId, projectId, articleId);
    }

    long gold(long adjudicationId, String layer, String label, Integer start, Integer end, String text) {
        return insert("insert into gold_annotation (adjudication_id, layer_id, label, start_offset, end_offset, quote)"
                        + " select ad.id, l.id, ?, ?, ?, ? from adjudication ad"
                        + " join layer l on l.project_id = ad.project_id and l.name = ? where ad.id = ? returning id",
                label, start, end, start == null ? null : CodePoints.substring(text, start, end), layer, adjudicationId);
    }

    private long insert(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("nothing inserted: " + sql);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void exec(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, params);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }
}
