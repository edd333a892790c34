package io.crosscheck.annotations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Bulk writes for the import and the batch endpoint. Plain JDBC with one multi-row {@code INSERT … SELECT FROM unnest}
 * per chunk, because one entity insert per annotation (identity ids defeat Hibernate's batching) is far too slow for
 * tens of thousands of rows a second. Callers validate everything first, so these statements never fail on input.
 */
@ApplicationScoped
public class AnnotationWriter {

    static final int CHUNK = 5000;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** One annotation row to insert, with its id already drawn from the sequence. */
    public record Row(long id, long assignmentId, long projectId, long articleId, long annotatorId, long layerId,
                      String label, Integer start, Integer end, String quote, Map<String, Object> attributes) {
    }

    /** One assignment row of imported (submitted) work. */
    public record ImportedAssignment(long id, long projectId, long itemId, long articleId, long annotatorId) {
    }

    /** Draws {@code n} ids from a table's identity sequence, so rows and their ids are known before the insert. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long[] allocateIds(String table, int n) {
        long[] ids = new long[n];
        if (n == 0) {
            return ids;
        }
        session().doWork(c -> {
            // The sequence is looked up once (materialized CTE): pg_get_serial_sequence per row made 100,000 ids
            // cost 264 ms instead of 33 ms.
            try (PreparedStatement ps = c.prepareStatement("with s as materialized "
                    + "(select pg_get_serial_sequence(?, 'id')::regclass as seq) "
                    + "select nextval(s.seq) from s, generate_series(1, ?)")) {
                ps.setString(1, table);
                ps.setInt(2, n);
                try (ResultSet rs = ps.executeQuery()) {
                    int i = 0;
                    while (rs.next()) {
                        ids[i++] = rs.getLong(1);
                    }
                }
            }
        });
        return ids;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void insertAnnotations(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into annotation (id, assignment_id, project_id, "
                    + "article_id, annotator_id, layer_id, label, start_offset, end_offset, quote, attributes) "
                    + "select t.id, t.asg, t.prj, t.art, t.ann, t.lay, t.lab, t.s, t.e, t.q, cast(t.attrs as jsonb) "
                    + "from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], "
                    + "?::int[], ?::int[], ?::text[], ?::text[]) as t(id, asg, prj, art, ann, lay, lab, s, e, q, attrs)")) {
                for (int from = 0; from < rows.size(); from += CHUNK) {
                    List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                    int n = chunk.size();
                    Long[] id = new Long[n], asg = new Long[n], prj = new Long[n], art = new Long[n], ann = new Long[n],
                            lay = new Long[n];
                    String[] lab = new String[n], q = new String[n], attrs = new String[n];
                    Integer[] s = new Integer[n], e = new Integer[n];
                    for (int i = 0; i < n; i++) {
                        Row r = chunk.get(i);
                        id[i] = r.id();
                        asg[i] = r.assignmentId();
                        prj[i] = r.projectId();
                        art[i] = r.articleId();
                        ann[i] = r.annotatorId();
                        lay[i] = r.layerId();
                        lab[i] = r.label();
                        s[i] = r.start();
                        e[i] = r.end();
                        q[i] = r.quote();
                        attrs[i] = toJson(r.attributes());
                    }
                    int p = 1;
                    for (Long[] column : List.of(id, asg, prj, art, ann, lay)) {
                        ps.setArray(p++, c.createArrayOf("bigint", column));
                    }
                    ps.setArray(p++, c.createArrayOf("text", lab));
                    ps.setArray(p++, c.createArrayOf("int4", s));
                    ps.setArray(p++, c.createArrayOf("int4", e));
                    ps.setArray(p++, c.createArrayOf("text", q));
                    ps.setArray(p, c.createArrayOf("text", attrs));
                    ps.executeUpdate();
                }
            }
        });
    }

    /** Inserts imported work: status submitted, no lease, ended now, {@code imported = true}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insertImportedAssignments(List<ImportedAssignment> rows) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into assignment (id, project_id, item_id, article_id, "
                    + "annotator_id, status, lease_expires_at, ended_at, imported) "
                    + "select t.id, t.prj, t.item, t.art, t.ann, 'submitted', null, now(), true "
                    + "from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) as t(id, prj, item, art, ann)")) {
                for (int from = 0; from < rows.size(); from += CHUNK) {
                    List<ImportedAssignment> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                    ps.setArray(1, longs(c, chunk.stream().map(ImportedAssignment::id).toArray(Long[]::new)));
                    ps.setArray(2, longs(c, chunk.stream().map(ImportedAssignment::projectId).toArray(Long[]::new)));
                    ps.setArray(3, longs(c, chunk.stream().map(ImportedAssignment::itemId).toArray(Long[]::new)));
                    ps.setArray(4, longs(c, chunk.stream().map(ImportedAssignment::articleId).toArray(Long[]::new)));
                    ps.setArray(5, longs(c, chunk.stream().map(ImportedAssignment::annotatorId).toArray(Long[]::new)));
                    ps.executeUpdate();
                }
            }
        });
    }

    /**
     * Counts imported work into the queue counters: each new imported assignment takes a free slot while there is one,
     * raising {@code active_count} and {@code submitted_count} by the same amount, so both stay within the capacity (k)
     * and {@code active_count - submitted_count} is still exactly the number of live leases the queue's submit and
     * expiry will later move. Imported work beyond k is stored and counted by agreement but takes no slot.
     * {@code imported_count} counts every imported assignment, beyond k too: it is what makes an item of imported work
     * complete without k of them (item_is_complete in R__queue_functions.sql).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void countImportedWork(Map<Long, Integer> newAssignmentsPerItem) {
        if (newAssignmentsPerItem.isEmpty()) {
            return;
        }
        Long[] items = newAssignmentsPerItem.keySet().toArray(Long[]::new);
        Integer[] counts = new Integer[items.length];
        for (int i = 0; i < items.length; i++) {
            counts[i] = newAssignmentsPerItem.get(items[i]);
        }
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("update project_item i set "
                    + "active_count = i.active_count + least(t.n, i.capacity - i.active_count), "
                    + "submitted_count = i.submitted_count + least(t.n, i.capacity - i.active_count), "
                    + "imported_count = i.imported_count + t.n "
                    + "from unnest(?::bigint[], ?::int[]) as t(id, n) where i.id = t.id")) {
                ps.setArray(1, c.createArrayOf("bigint", items));
                ps.setArray(2, c.createArrayOf("int4", counts));
                ps.executeUpdate();
            }
        });
    }

    private static java.sql.Array longs(Connection c, Long[] values) throws SQLException {
        return c.createArrayOf("bigint", values);
    }

    String toJson(Object value) {
        try {
            return json.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        }
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
