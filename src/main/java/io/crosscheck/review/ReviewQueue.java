package io.crosscheck.review;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.work.ItemFigureStore;
import io.crosscheck.work.ItemFigures.Figure;
import io.crosscheck.work.ItemFigures;
import io.crosscheck.work.WorkLayer;
import io.crosscheck.work.WorkRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

/**
 * The review queue's page over the stored per-item figures ({@link ItemFigureStore}, V46), in one read-only
 * REPEATABLE READ transaction (the rows and the layer counts agree).
 *
 * <p>Order: ascending item figure (the lowest over the layers asked), undefined last, then queue position. On a
 * nominal, interval or ratio layer α_u = 1 − D_o(u)/D_e falls as the stored D_o(u) rises, and on a span layer the
 * figure is the stored F1, so each layer's rows are read in figure order from {@code item_figure_page_idx} (an index
 * range read that stops after offset + size complete items). Over several layers the page is the first offset + size
 * items by their lowest figure, and every one of them is among the first offset + size of the layer where its figure
 * is lowest (an item ahead of it there is ahead of it overall), so one range read per layer suffices. Ordinal layers,
 * whose δ² depends on the layer's current marginals, are read whole and sorted here (stored counts, no annotations).
 */
@ApplicationScoped
class ReviewQueue {

    @Inject
    EntityManager em;

    @Inject
    ItemFigureStore store;

    @Inject
    ReadDatabase reads;

    /** One page item: its project_item id, position, lowest figure and the layer of it. */
    record Candidate(long item, long position, Double agreement, String worstLayer) {
    }

    static final Comparator<Candidate> ORDER = Comparator
            .comparing(Candidate::agreement, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(Candidate::position);

    /** The page's items in order with each one's figures per asked layer and details, and how many rows the filters keep. */
    record Result(List<Candidate> rows, Map<Long, List<Figure>> figures, Map<Long, Detail> details, long total) {
    }

    /** What a page row shows of its item besides the figures; annotators in name order. */
    record Detail(long articleId, String title, long sourceId, String source, boolean adjudicated, int escalations,
                  List<String> annotators, String escalationReason) {
    }

    /** A layer as scored on this page: D_e and δ² from the stored layer counts (document layers). */
    record Scored(WorkLayer layer, ItemAgreement.DocumentLayer document) {
        boolean ordinal() {
            return document != null && layer.level() == Level.ORDINAL;
        }

        /** Whether any item can have a defined figure: span layers always, document layers when D_e > 0. */
        boolean live() {
            return document == null || (!Double.isNaN(document.expected()) && document.expected() != 0);
        }

        double alpha(Double observed, Double f1, Map<String, Integer> counts) {
            if (document == null) {
                return f1 == null ? Double.NaN : f1;
            }
            if (ordinal()) {
                double[] x = new double[layer.labels().size()];
                counts.forEach((label, n) -> {
                    int code = layer.code(label);
                    if (code >= 0) {
                        x[code] += n;
                    }
                });
                return document.alphaOf(document.observedFromCounts(x));
            }
            return observed == null ? Double.NaN : document.alphaOf(observed);
        }

        Figure figure(ItemFigureStore.Row r) {
            if (document == null) {
                return new Figure(layer.name(), layer.scope(), ItemAgreement.SPAN_F1, r.f1(), r.f1Exact(), r.raters());
            }
            return new Figure(layer.name(), layer.scope(), ItemAgreement.ALPHA,
                    Undefined.orNull(alpha(r.observed(), r.f1(), r.counts())), null, r.values());
        }
    }

    /** The replica in a report request (the review queue is one), the primary otherwise. */
    private Session session() {
        return reads.session(em);
    }

    private static final String COMPLETE = WorkRules.itemIsComplete("i");

    @Transactional
    public Result page(long projectId, List<WorkLayer> layers, Long sourceId, Double maxAgreement, int offset, int size) {
        session().doWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
        });
        Map<Long, Map<String, Long>> pairable = store.pairable(projectId);
        List<Scored> scored = layers.stream().map(l -> new Scored(l, l.isSpan() ? null
                : ItemFigures.documentLayer(l, pairable.getOrDefault(l.id(), Map.of())))).toList();
        int keep = (int) Math.min(Integer.MAX_VALUE - 8L, (long) offset + size);
        List<Candidate> defined;
        long definedTotal;
        Long all = maxAgreement == null ? countAll(projectId, scored.get(0).layer(), sourceId) : null;
        if (scored.stream().anyMatch(Scored::ordinal)) {
            Scan scan = scan(scored, sourceId, maxAgreement, keep);
            defined = scan.rows();
            definedTotal = scan.total();
        } else {
            defined = ranged(scored, sourceId, maxAgreement, keep);
            // without maxAgreement: all complete items but the (few) undefined ones, so nothing counts the layer
            definedTotal = all != null ? all - countUndefined(projectId, scored, sourceId)
                    : countDefined(scored, sourceId, maxAgreement);
        }
        List<Candidate> rows = new ArrayList<>(defined.subList(Math.min(offset, defined.size()),
                Math.min(keep, defined.size())));
        long total = definedTotal;
        if (all != null) {
            // the undefined rows, in queue order, after the defined ones
            total = all;
            if (rows.size() < size && all > definedTotal) {
                long skip = Math.max(0, (long) offset - definedTotal);
                rows.addAll(undefined(scored, sourceId, skip, size - rows.size()));
            }
        }
        return new Result(rows, figures(scored, rows), details(rows), total);
    }

    /** Titles, sources, gold, escalations and annotators of the page's items (a few rows each). */
    private Map<Long, Detail> details(List<Candidate> rows) {
        Map<Long, Detail> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        Long[] ids = rows.stream().map(Candidate::item).toArray(Long[]::new);
        @SuppressWarnings("unchecked")
        List<Object[]> names = session().createNativeQuery("select s.item_id, u.username from assignment s "
                        + "join app_user u on u.id = s.annotator_id where s.item_id = any(cast(?1 as bigint[])) and "
                        + WorkRules.workCounts("s") + " order by u.username", Object[].class)
                .setParameter(1, ids).getResultList();
        Map<Long, List<String>> annotators = new HashMap<>();
        names.forEach(r -> annotators.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>())
                .add((String) r[1]));
        @SuppressWarnings("unchecked")
        List<Object[]> items = session().createNativeQuery("select i.id, i.article_id, a.title, a.source_id, s.name, "
                        + "exists (select 1 from adjudication d where d.item_id = i.id and d.current), i.escalations, "
                        + Escalation.REASON + " "
                        + "from project_item i join article a on a.id = i.article_id join source s on s.id = a.source_id "
                        + "join project p on p.id = i.project_id "
                        + "where i.id = any(cast(?1 as bigint[]))", Object[].class)
                .setParameter(1, ids).getResultList();
        for (Object[] r : items) {
            long id = ((Number) r[0]).longValue();
            out.put(id, new Detail(((Number) r[1]).longValue(), (String) r[2], ((Number) r[3]).longValue(),
                    (String) r[4], (Boolean) r[5], ((Number) r[6]).intValue(), annotators.getOrDefault(id, List.of()),
                    (String) r[7]));
        }
        return out;
    }

    private String sourceFilter(Long sourceId) {
        return sourceId == null ? "" : " and f.source_id = " + sourceId;
    }

    /** The condition "α_u ≤ max" on a stored row of the layer, in PostgreSQL's double arithmetic (Java's IEEE). */
    private static String maxCondition(Scored s, Double max) {
        if (max == null) {
            return "";
        }
        if (s.document() == null) {
            return " and f.sort_key <= " + float8(max);
        }
        // α ≤ max is D_o ≥ (1 − max)·D_e, so sort_key = -D_o ≤ -(1 − max)·D_e: the range the index reads (widened by
        // a rounding's worth), then the exact test on α as Java computes it (IEEE doubles both)
        double cut = -(1 - max) * s.document().expected();
        return " and f.sort_key <= " + float8(cut + Math.abs(cut) * 1e-9 + Double.MIN_NORMAL)
                + " and (1 - f.observed / " + float8(s.document().expected()) + ") <= " + float8(max);
    }

    /** A double as a float8 literal (Double.toString round-trips; a bare literal would be numeric). */
    private static String float8(double v) {
        return "cast('" + v + "' as float8)";
    }

    /** Per live layer, the first keep complete items in its figure order; merged by their lowest figure. */
    private List<Candidate> ranged(List<Scored> scored, Long sourceId, Double max, int keep) {
        Map<Long, Candidate> best = new HashMap<>();
        for (Scored s : scored) {
            if (!s.live() || keep == 0) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = session().createNativeQuery("select f.item_id, f.position, f.observed, f.f1 "
                            + "from item_figure f join project_item i on i.id = f.item_id "
                            + "where f.layer_id = ?1 and f.sort_key is not null" + sourceFilter(sourceId)
                            + maxCondition(s, max) + " and " + COMPLETE + " order by f.sort_key, f.position limit ?2",
                            Object[].class)
                    .setParameter(1, s.layer().id()).setParameter(2, keep).getResultList();
            for (Object[] r : rows) {
                long item = ((Number) r[0]).longValue();
                double a = s.alpha(r[2] == null ? null : ((Number) r[2]).doubleValue(),
                        r[3] == null ? null : ((Number) r[3]).doubleValue(), null);
                Candidate c = new Candidate(item, ((Number) r[1]).longValue(), a, s.layer().name());
                // layers in order, the first with the lowest figure names it (as a pass over the layers would)
                best.merge(item, c, (old, mine) -> mine.agreement() < old.agreement() ? mine : old);
            }
        }
        List<Candidate> out = new ArrayList<>(best.values());
        out.sort(ORDER);
        return out.size() > keep ? out.subList(0, keep) : out;
    }

    /** Complete items with a defined figure (≤ max) on some live layer. */
    private long countDefined(List<Scored> scored, Long sourceId, Double max) {
        List<String> per = new ArrayList<>();
        for (Scored s : scored) {
            if (s.live()) {
                per.add("(f.layer_id = " + s.layer().id() + " and f.sort_key is not null" + maxCondition(s, max) + ")");
            }
        }
        if (per.isEmpty()) {
            return 0;
        }
        String distinct = per.size() == 1 ? "count(*)" : "count(distinct f.item_id)";
        String layerIds = scored.stream().filter(Scored::live).map(s -> String.valueOf(s.layer().id()))
                .collect(Collectors.joining(","));
        return ((Number) session().createNativeQuery("select " + distinct + " from item_figure f "
                + "join project_item i on i.id = f.item_id where f.layer_id in (" + layerIds + ")" + sourceFilter(sourceId)
                + " and (" + String.join(" or ", per) + ") and " + COMPLETE).getSingleResult()).longValue();
    }

    /** Complete items (each has work, so a row on every layer): the queue's length without maxAgreement. */
    private long countAll(long projectId, WorkLayer first, Long sourceId) {
        if (sourceId == null) {
            return ((Number) session().createNativeQuery("select count(*) from project_item i where i.project_id = ?1 and "
                    + COMPLETE).setParameter(1, projectId).getSingleResult()).longValue();
        }
        return ((Number) session().createNativeQuery("select count(*) from item_figure f "
                        + "join project_item i on i.id = f.item_id where f.layer_id = ?1" + sourceFilter(sourceId)
                        + " and " + COMPLETE).setParameter(1, first.id()).getSingleResult()).longValue();
    }

    /**
     * Complete items undefined on every asked (non-ordinal) layer: they are among the undefined rows of the first
     * live layer, the few at the end of its index.
     */
    private long countUndefined(long projectId, List<Scored> scored, Long sourceId) {
        List<Scored> live = scored.stream().filter(Scored::live).toList();
        if (live.isEmpty()) {
            return countAll(projectId, scored.get(0).layer(), sourceId);
        }
        String others = live.stream().skip(1).map(s -> String.valueOf(s.layer().id())).collect(Collectors.joining(","));
        return ((Number) session().createNativeQuery("select count(*) from item_figure f "
                        + "join project_item i on i.id = f.item_id where f.layer_id = ?1 and f.sort_key is null"
                        + sourceFilter(sourceId) + " and " + COMPLETE
                        + (others.isEmpty() ? "" : " and not exists (select 1 from item_figure g where g.item_id = f.item_id "
                        + "and g.layer_id in (" + others + ") and g.sort_key is not null)"))
                .setParameter(1, live.get(0).layer().id()).getSingleResult()).longValue();
    }

    /** Complete items whose every asked layer is undefined, in queue order. */
    private List<Candidate> undefined(List<Scored> scored, Long sourceId, long skip, int limit) {
        String live = scored.stream().filter(Scored::live).map(s -> String.valueOf(s.layer().id()))
                .collect(Collectors.joining(","));
        boolean ordinal = scored.stream().anyMatch(Scored::ordinal);
        // ordinal rows have no sort key: defined there means two values or more
        String defined = live.isEmpty() ? "" : " and not exists (select 1 from item_figure g where g.item_id = f.item_id "
                + "and g.layer_id in (" + live + ") and " + (ordinal ? "(g.sort_key is not null or g.value_count >= 2)"
                : "g.sort_key is not null") + ")";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = session().createNativeQuery("select f.item_id, f.position from item_figure f "
                        + "join project_item i on i.id = f.item_id where f.layer_id = ?1" + sourceFilter(sourceId)
                        + defined + " and " + COMPLETE + " order by f.position offset ?2 limit ?3", Object[].class)
                .setParameter(1, scored.get(0).layer().id()).setParameter(2, skip).setParameter(3, limit)
                .getResultList();
        return rows.stream().map(r -> new Candidate(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), null,
                null)).toList();
    }

    record Scan(List<Candidate> rows, long total) {
    }

    /**
     * With an ordinal layer: every complete item's stored rows of the asked layers, scored here; a bounded heap keeps
     * the first keep defined rows. Reads the narrow stored rows only, never the annotations.
     */
    private Scan scan(List<Scored> scored, Long sourceId, Double max, int keep) {
        Map<Long, Scored> byLayer = new LinkedHashMap<>();
        scored.forEach(s -> byLayer.put(s.layer().id(), s));
        List<Long> order = new ArrayList<>(byLayer.keySet());
        PriorityQueue<Candidate> heap = new PriorityQueue<>(Math.max(1, keep), ORDER.reversed());
        long total = 0;
        @SuppressWarnings("unchecked")
        var rows = session().createNativeQuery("select f.item_id, f.position, f.layer_id, f.observed, f.f1, "
                        + "cast(f.counts as text) from item_figure f join project_item i on i.id = f.item_id "
                        + "where f.layer_id in (" + order.stream().map(String::valueOf).collect(Collectors.joining(","))
                        + ")" + sourceFilter(sourceId) + " and " + COMPLETE + " order by f.item_id", Object[].class)
                .setFetchSize(5000).getResultStream().iterator();
        long item = -1;
        long position = 0;
        double[] figure = new double[order.size()];
        java.util.Arrays.fill(figure, Double.NaN);
        while (true) {
            Object[] r = rows.hasNext() ? (Object[]) rows.next() : null;
            long id = r == null ? -2 : ((Number) r[0]).longValue();
            if (id != item && item != -1) {
                Candidate c = lowest(item, position, figure, order, byLayer);
                if (c.agreement() != null && (max == null || c.agreement() <= max)) {
                    total++;
                    if (keep > 0 && (heap.size() < keep || ORDER.compare(c, heap.peek()) < 0)) {
                        heap.add(c);
                        if (heap.size() > keep) {
                            heap.poll();
                        }
                    }
                }
                java.util.Arrays.fill(figure, Double.NaN);
            }
            if (r == null) {
                break;
            }
            item = id;
            position = ((Number) r[1]).longValue();
            long layer = ((Number) r[2]).longValue();
            Scored s = byLayer.get(layer);
            figure[order.indexOf(layer)] = s.alpha(r[3] == null ? null : ((Number) r[3]).doubleValue(),
                    r[4] == null ? null : ((Number) r[4]).doubleValue(), store.parseCounts((String) r[5]));
        }
        List<Candidate> out = new ArrayList<>(heap);
        out.sort(ORDER);
        return new Scan(out, total);
    }

    private static Candidate lowest(long item, long position, double[] figure, List<Long> order,
                                    Map<Long, Scored> byLayer) {
        Double worst = null;
        String layer = null;
        for (int j = 0; j < figure.length; j++) {
            if (!Double.isNaN(figure[j]) && (worst == null || figure[j] < worst)) {
                worst = figure[j];
                layer = byLayer.get(order.get(j)).layer().name();
            }
        }
        return new Candidate(item, position, worst, layer);
    }

    /** The asked layers' figures of the page's items, in layer order. */
    private Map<Long, List<Figure>> figures(List<Scored> scored, List<Candidate> rows) {
        Map<Long, List<Figure>> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        Map<Long, Scored> byLayer = new LinkedHashMap<>();
        scored.forEach(s -> byLayer.put(s.layer().id(), s));
        Map<Long, Map<Long, ItemFigureStore.Row>> stored = new HashMap<>();
        for (ItemFigureStore.Row r : store.rows(rows.stream().map(Candidate::item).toList(), byLayer.keySet())) {
            stored.computeIfAbsent(r.itemId(), k -> new HashMap<>()).put(r.layerId(), r);
        }
        for (Candidate c : rows) {
            List<Figure> figures = new ArrayList<>();
            for (Scored s : scored) {
                ItemFigureStore.Row r = stored.getOrDefault(c.item(), Map.of()).get(s.layer().id());
                if (r != null) {
                    figures.add(s.figure(r));
                }
            }
            out.put(c.item(), figures);
        }
        return out;
    }
}
