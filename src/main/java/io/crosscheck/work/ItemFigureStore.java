package io.crosscheck.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.work.ProjectWork.Label;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored per-item figures (V46: {@code item_figure}, {@code layer_pairable}): the one place that recomputes an
 * item's rows from its committed submitted work, called by every write that changes it (queue submit, every import)
 * in the writer's transaction, and by the rebuild. docs/review.md, "Stored figures".
 *
 * <p>A row keeps what does not depend on the rest of the layer: document layers the item's values (m_u), their counts
 * per label and D_o(u) where δ² is fixed by the labels; span layers the mean pairwise span F1. The layer's
 * pairable-value counts n_c (D_e) are kept in {@code layer_pairable} and moved by the difference between an item's old
 * and new row, so they always equal the sum over the stored rows. α_u = 1 − D_o(u)/D_e is computed when read.
 *
 * <p>Concurrency: the item's project_item row is locked (FOR NO KEY UPDATE, the lock a queue submit and an import's
 * counter update take) before its work is read, and the read is a fresh statement, so it sees every submit that
 * committed before; a concurrent submit waits for this transaction and then recomputes with both. The layer counts
 * are updated last, in (layer, label) order, so two writers never wait for each other's item while holding them.
 */
@ApplicationScoped
public class ItemFigureStore {

    private static final Logger LOG = Logger.getLogger(ItemFigureStore.class);

    /** Items per transaction of a rebuild: a few thousand rows of work each, well inside the transaction timeout. */
    static final int REBUILD_CHUNK = 2000;

    private static final TypeReference<LinkedHashMap<String, Integer>> COUNTS = new TypeReference<>() {
    };

    @Inject
    EntityManager em;

    /** The stored rows' readers (rows, pairable) read the replica in a report request; refresh and rebuild never. */
    @Inject
    ReadDatabase reads;

    @Inject
    ObjectMapper json;

    private final Map<Long, Object> rebuilding = new ConcurrentHashMap<>();

    private Session session() {
        return em.unwrap(Session.class);
    }

    /** One item's stored figure on one layer, as read back. */
    public record Row(long itemId, long layerId, long articleId, long position, int raters, int values,
               Map<String, Integer> counts, Double observed, Double f1, Double f1Exact) {
    }

    /**
     * Recomputes the rows of these items (project_item ids of one project) from the committed work. Call it inside
     * the writing transaction, after the write: it locks the items, so it must come after any lock the writer takes
     * on other rows it needs (the layer counts it touches last).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(long projectId, Collection<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return;
        }
        long[] ids = itemIds.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        session().doWork(c -> refresh(c, projectId, ids, WorkLayer.read(c, projectId)));
    }

    private void refresh(Connection c, long projectId, long[] ids, List<WorkLayer> layers) throws SQLException {
        Long[] boxed = Arrays.stream(ids).boxed().toArray(Long[]::new);
        // 1. the items, locked in id order (two batches meet in the same order)
        Map<Long, long[]> items = new LinkedHashMap<>(); // item → {article, position, source, length}
        try (PreparedStatement ps = c.prepareStatement("select i.id, i.article_id, i.position, a.source_id, a.length "
                + "from project_item i join article a on a.id = i.article_id "
                + "where i.id = any(?) and i.project_id = ? order by i.id for no key update of i")) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            ps.setLong(2, projectId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    items.put(r.getLong(1), new long[]{r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
                }
            }
        }
        // 2. the items' submitted work, read after the locks (a new statement: it sees what committed before them)
        Map<Long, List<Long>> annotators = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select s.item_id, s.annotator_id from assignment s "
                + "where s.item_id = any(?) and " + WorkRules.workCounts("s")
                + " order by s.item_id, s.annotator_id")) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    annotators.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getLong(2));
                }
            }
        }
        Map<Long, List<Label>> labels = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select s.item_id, n.article_id, n.annotator_id, n.layer_id, "
                + "n.label, n.start_offset, n.end_offset from " + WorkRules.countedAnnotations("s", "n")
                + " where s.item_id = any(?)"
                + " order by s.item_id, n.layer_id, n.start_offset nulls first, n.end_offset, n.id")) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    labels.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(new Label(r.getLong(2),
                            r.getLong(3), r.getLong(4), r.getString(5), (Integer) r.getObject(6),
                            (Integer) r.getObject(7), null));
                }
            }
        }
        // 3. the rows as stored, for the difference they make to the layer counts
        TreeMap<String, long[]> delta = new TreeMap<>(); // "layerId\0label" → {layerId, n}
        try (PreparedStatement ps = c.prepareStatement("select layer_id, value_count, cast(counts as text) "
                + "from item_figure where item_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    if (r.getInt(2) >= 2) {
                        addCounts(delta, r.getLong(1), parseCounts(r.getString(3)), -1);
                    }
                }
            }
        }
        // 4. the new rows
        Map<Long, ItemAgreement.DocumentLayer> fixedDelta = new HashMap<>();
        for (WorkLayer l : layers) {
            if (!l.isSpan() && l.level() != Level.ORDINAL) {
                // δ² of nominal, interval and ratio does not depend on the marginals: any counts will do
                fixedDelta.put(l.id(), new ItemAgreement.DocumentLayer(l.level(),
                        l.values(), new double[l.labels().size()]));
            }
        }
        List<Object[]> rows = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        for (var e : items.entrySet()) {
            long item = e.getKey();
            long[] info = e.getValue();
            List<Long> who = annotators.getOrDefault(item, List.of());
            if (who.isEmpty()) {
                gone.add(item);
                continue;
            }
            List<Label> mine = labels.getOrDefault(item, List.of());
            for (WorkLayer l : layers) {
                rows.add(row(item, info, l, who, mine, fixedDelta.get(l.id()), delta));
            }
        }
        if (!gone.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("delete from item_figure where item_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", gone.toArray(Long[]::new)));
                ps.executeUpdate();
            }
        }
        upsert(c, projectId, rows);
        // 5. the layer counts, last and in (layer, label) order
        List<Long> layerIds = new ArrayList<>();
        List<String> labelNames = new ArrayList<>();
        List<Long> ns = new ArrayList<>();
        delta.forEach((key, v) -> {
            if (v[1] != 0) {
                layerIds.add(v[0]);
                labelNames.add(key.substring(key.indexOf('\0') + 1));
                ns.add(v[1]);
            }
        });
        if (!layerIds.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("insert into layer_pairable (layer_id, label, n) "
                    + "select * from unnest(?::bigint[], ?::text[], ?::bigint[]) "
                    + "on conflict (layer_id, label) do update set n = layer_pairable.n + excluded.n")) {
                ps.setArray(1, c.createArrayOf("bigint", layerIds.toArray()));
                ps.setArray(2, c.createArrayOf("text", labelNames.toArray()));
                ps.setArray(3, c.createArrayOf("bigint", ns.toArray()));
                ps.executeUpdate();
            }
        }
    }

    /** One item's row on one layer: {item, layer, article, source, position, raters, values, counts, observed, f1, exact, sort}. */
    private Object[] row(long item, long[] info, WorkLayer layer, List<Long> who, List<Label> labels,
                         ItemAgreement.DocumentLayer fixed, TreeMap<String, long[]> delta) {
        Integer values = 0;
        String counts = null;
        Double observed = null;
        Double f1 = null;
        Double exact = null;
        Double sort = null;
        if (layer.isSpan()) {
            ItemFigures.Figure f = ItemFigures.span(layer, who, labels, (int) info[3]);
            f1 = f.agreement();
            exact = f.spanF1Exact();
            sort = f1;
        } else {
            int[] codes = new int[Math.max(1, labels.size())];
            int m = ItemFigures.codes(layer, who, labels, codes);
            Map<String, Integer> byLabel = new TreeMap<>();
            for (int j = 0; j < m; j++) {
                byLabel.merge(layer.labels().get(codes[j]), 1, Integer::sum);
            }
            values = m;
            counts = toJson(byLabel);
            if (m >= 2) {
                addCounts(delta, layer.id(), byLabel, 1);
                if (fixed != null) {
                    observed = fixed.observed(codes, m);
                    // α falls as D_o(u) rises (D_e is one for the layer): most disagreement first is -D_o ascending
                    sort = -observed;
                }
            }
        }
        return new Object[]{item, layer.id(), info[0], info[2], info[1], who.size(), values, counts, observed, f1,
                exact, sort};
    }

    private void upsert(Connection c, long projectId, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Object[][] columns = new Object[12][n];
        for (int i = 0; i < n; i++) {
            for (int col = 0; col < 12; col++) {
                columns[col][i] = rows.get(i)[col];
            }
        }
        String[] types = {"bigint", "bigint", "bigint", "bigint", "bigint", "int4", "int4", "text", "float8", "float8",
                "float8", "float8"};
        try (PreparedStatement ps = c.prepareStatement("insert into item_figure (item_id, layer_id, project_id, "
                + "article_id, source_id, position, raters, value_count, counts, observed, f1, f1_exact, sort_key, updated_at) "
                + "select t.item, t.layer, ?, t.article, t.source, t.position, t.raters, t.vals, cast(t.counts as jsonb), "
                + "t.observed, t.f1, t.exact, t.sort, now() "
                + "from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::int[], "
                + "?::text[], ?::float8[], ?::float8[], ?::float8[], ?::float8[]) "
                + "as t(item, layer, article, source, position, raters, vals, counts, observed, f1, exact, sort) "
                + "on conflict (item_id, layer_id) do update set raters = excluded.raters, "
                + "value_count = excluded.value_count, counts = excluded.counts, observed = excluded.observed, "
                + "f1 = excluded.f1, f1_exact = excluded.f1_exact, sort_key = excluded.sort_key, "
                + "source_id = excluded.source_id, position = excluded.position, updated_at = now()")) {
            ps.setLong(1, projectId);
            for (int col = 0; col < 12; col++) {
                ps.setArray(col + 2, c.createArrayOf(types[col], columns[col]));
            }
            ps.executeUpdate();
        }
    }

    private static void addCounts(TreeMap<String, long[]> delta, long layerId, Map<String, Integer> counts, int sign) {
        counts.forEach((label, n) -> delta.computeIfAbsent(String.format("%020d", layerId) + '\0' + label,
                k -> new long[]{layerId, 0})[1] += (long) sign * n);
    }

    public Map<String, Integer> parseCounts(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, COUNTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("item_figure.counts is not a label → count object: " + text, e);
        }
    }

    private String toJson(Map<String, Integer> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored rows of these items on these layers. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Row> rows(Collection<Long> itemIds, Collection<Long> layerIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = reads.session(em).createNativeQuery("select item_id, layer_id, article_id, position, raters, "
                        + "value_count, cast(counts as text), observed, f1, f1_exact from item_figure "
                        + "where item_id = any(cast(?1 as bigint[])) and layer_id = any(cast(?2 as bigint[]))", Object[].class)
                .setParameter(1, itemIds.toArray(Long[]::new)).setParameter(2, layerIds.toArray(Long[]::new))
                .getResultList();
        return rows.stream().map(r -> new Row(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), ((Number) r[4]).intValue(),
                ((Number) r[5]).intValue(), parseCounts((String) r[6]), doubleOrNull(r[7]), doubleOrNull(r[8]),
                doubleOrNull(r[9]))).toList();
    }

    private static Double doubleOrNull(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    // ---- the layer counts (D_e) -----------------------------------------------------------------------------------

    /** Per document layer of the project, its stored pairable-value counts (layer id → label → n_c). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, Map<String, Long>> pairable(long projectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = reads.session(em).createNativeQuery("select p.layer_id, p.label, p.n from layer_pairable p "
                        + "join layer l on l.id = p.layer_id where l.project_id = ?1 and p.n <> 0", Object[].class)
                .setParameter(1, projectId).getResultList();
        Map<Long, Map<String, Long>> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.computeIfAbsent(((Number) r[0]).longValue(), k -> new LinkedHashMap<>())
                    .put((String) r[1], ((Number) r[2]).longValue());
        }
        return out;
    }

    /** Records that the project's rows are those of its current layers (a new project: it has no work yet). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markBuilt(long projectId) {
        built(projectId, layersKey(projectId));
    }

    private void built(long projectId, String layersKey) {
        session().createNativeQuery("insert into item_figure_project (project_id, layers_key, built_at) "
                        + "values (?1, ?2, now()) on conflict (project_id) do update "
                        + "set layers_key = excluded.layers_key, built_at = now()")
                .setParameter(1, projectId).setParameter(2, layersKey).executeUpdate();
    }

    // ---- rebuild -------------------------------------------------------------------------------------------------

    /** A digest of what the stored rows depend on besides the work: the project's layers, their levels and labels. */
    String layersKey(long projectId) {
        Object key = session().createNativeQuery("select coalesce(md5(string_agg(l.id || ':' || l.scope || ':' "
                        + "|| l.measurement || ':' || array_to_string(array(select v.value from layer_label v "
                        + "where v.layer_id = l.id order by v.position), chr(31)), chr(30) order by l.id)), '') "
                        + "from layer l where l.project_id = ?1")
                .setParameter(1, projectId).getSingleResult();
        return (String) key;
    }

    /**
     * Rebuilds the project's rows unless they were built for its current layers (a project migrated from before
     * V46, filled by SQL, or whose layers changed). Call outside any transaction.
     */
    public void ensureBuilt(long projectId) {
        // A write, though reports call it: on the primary, the check too (it must see the layers the rebuild reads).
        reads.primary(() -> {
            if (!QuarkusTransaction.requiringNew().call(() -> isBuilt(projectId))) {
                rebuild(projectId);
            }
            return null;
        });
    }

    @Transactional
    public boolean projectExistsNow(long projectId) {
        return projectExists(projectId);
    }

    private boolean projectExists(long projectId) {
        return !session().createNativeQuery("select 1 from project where id = ?1").setParameter(1, projectId)
                .getResultList().isEmpty();
    }

    boolean isBuilt(long projectId) {
        if (!projectExists(projectId)) {
            return true; // the caller answers 404
        }
        List<?> rows = session().createNativeQuery("select 1 from item_figure_project where project_id = ?1 "
                + "and layers_key = ?2").setParameter(1, projectId).setParameter(2, layersKey(projectId)).getResultList();
        return !rows.isEmpty();
    }

    /**
     * Recomputes every item with submitted work, a chunk of items per transaction (each as a write path does), then
     * records the layers it was built for. Writes that commit meanwhile keep their own items right, so the rebuild
     * needs no lock on the project. Returns the number of items.
     */
    public long rebuild(long projectId) {
        Object lock = rebuilding.computeIfAbsent(projectId, k -> new Object());
        synchronized (lock) {
            long t0 = System.nanoTime();
            String[] key = new String[1];
            long[] items = QuarkusTransaction.requiringNew().call(() -> {
                key[0] = layersKey(projectId);
                @SuppressWarnings("unchecked")
                List<Number> ids = session().createNativeQuery("select distinct s.item_id from assignment s "
                        + "where s.project_id = ?1 and " + WorkRules.workCounts("s")
                        + " order by 1").setParameter(1, projectId).getResultList();
                return ids.stream().mapToLong(Number::longValue).toArray();
            });
            for (int from = 0; from < items.length; from += REBUILD_CHUNK) {
                List<Long> chunk = Arrays.stream(items, from, Math.min(items.length, from + REBUILD_CHUNK)).boxed()
                        .toList();
                QuarkusTransaction.requiringNew().run(() -> refresh(projectId, chunk));
            }
            QuarkusTransaction.requiringNew().run(() -> built(projectId, key[0]));
            LOG.infof("item figures of project %d rebuilt: %d items in %d ms", projectId, items.length,
                    (System.nanoTime() - t0) / 1_000_000);
            return items.length;
        }
    }
}
