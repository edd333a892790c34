package io.crosscheck.export;

import java.util.List;
import java.util.Map;

/**
 * A validated export request with the project metadata it needs, built before the first byte is streamed so
 * every bad parameter is a 400 and nothing later touches Hibernate.
 *
 * @param layers   the layers exported (all of the project's, or the one named by {@code layer=}), by position
 * @param sourceId  only articles of this source, or null
 * @param annotator only this annotator's raw work (and only articles they submitted), or null
 * @param comments  CoNLL: write the {@code #} comment lines
 * @param attributeTypes per layer id, the declared attributes (name → int|number|string|boolean|date), in order
 * @param baseUri   this service's address as the client called it, without trailing slash (W3C ids are URLs under it)
 */
public record ExportPlan(long projectId, String projectName, int schemaVersion, int annotatorsPerItem,
                         ExportFormat format, Include include, ItemStatus status, Long sourceId, String layerFilter,
                         List<LayerInfo> layers, String annotator, boolean comments, String baseUri,
                         Map<Long, Map<String, String>> attributeTypes) {

    /**
     * CoNLL holds one annotator (or gold) per file, as its readers expect; asked for several, the export is a zip
     * of one file per annotator, plus {@code gold.conll} with {@code include=all}.
     */
    public boolean conllZip() {
        return format == ExportFormat.CONLL && annotator == null && include != Include.GOLD;
    }

    /** The same export restricted to one annotator's raw work (one file of the CoNLL zip). */
    public ExportPlan forAnnotator(String name) {
        return new ExportPlan(projectId, projectName, schemaVersion, annotatorsPerItem, format, Include.RAW, status,
                sourceId, layerFilter, layers, name, comments, baseUri, attributeTypes);
    }

    /** The same export of gold only. */
    public ExportPlan goldOnly() {
        return new ExportPlan(projectId, projectName, schemaVersion, annotatorsPerItem, format, Include.GOLD, status,
                sourceId, layerFilter, layers, null, comments, baseUri, attributeTypes);
    }

    /** The media type of the file: the format's, or {@code application/zip} for a CoNLL zip. */
    public String mediaType() {
        return conllZip() ? "application/zip" : format.mediaType;
    }

    /** The same export in another format (same rows). */
    public ExportPlan withFormat(ExportFormat f) {
        return new ExportPlan(projectId, projectName, schemaVersion, annotatorsPerItem, f, include, status, sourceId,
                layerFilter, layers, annotator, comments, baseUri, attributeTypes);
    }

    /**
     * The W3C collection of this export's annotations as a URL of the Web Annotation Protocol container
     * ({@code …/projects/{id}/w3c/}), with the filters that differ from the defaults as query parameters in a fixed
     * order, so the export's collection and page ids can be fetched from this API and give the same items.
     */
    public String w3cCollection() {
        StringBuilder q = new StringBuilder();
        if (include != Include.ALL && annotator == null) {
            q.append("&include=").append(include.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (annotator != null) {
            q.append("&annotator=").append(java.net.URLEncoder.encode(annotator, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (layerFilter != null) {
            q.append("&layer=").append(java.net.URLEncoder.encode(layerFilter, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (sourceId != null) {
            q.append("&sourceId=").append(sourceId);
        }
        if (status != ItemStatus.ANY) {
            q.append("&status=").append(status.name().toLowerCase(java.util.Locale.ROOT));
        }
        String container = baseUri + "/api/v1/projects/" + projectId + "/w3c/";
        return q.isEmpty() ? container : container + "?" + q.substring(1);
    }

    /** The W3C page of one article in {@link #w3cCollection()}. */
    public String w3cPage(long articleId) {
        String c = w3cCollection();
        return c + (c.indexOf('?') < 0 ? "?" : "&") + "page=" + articleId;
    }

    /** The URL of an annotation in the protocol container: {@code …/w3c/<id>}, gold ones {@code …/w3c/gold-<id>}. */
    public String w3cAnnotation(long id, boolean gold) {
        return baseUri + "/api/v1/projects/" + projectId + "/w3c/" + (gold ? "gold-" : "") + id;
    }

    /** The article's URL in this API, the {@code source} of every W3C target. */
    public String articleUrl(long articleId) {
        return baseUri + "/api/v1/articles/" + articleId;
    }

    /** A file or zip-entry name made only of {@code [A-Za-z0-9._-]}. */
    static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** Which annotations go into the file. */
    public enum Include {
        /** The current adjudication only. */
        GOLD,
        /** Submitted (or imported) per-annotator work only. */
        RAW,
        /** Both. */
        ALL;

        boolean raw() {
            return this != GOLD;
        }

        boolean gold() {
            return this != RAW;
        }
    }

    /** Which items go into the file, by their review state. */
    public enum ItemStatus {
        /** Every item with exported work. */
        ANY,
        /** Items whose k annotators have all submitted. */
        COMPLETE,
        /** Items with a current adjudication (gold). */
        ADJUDICATED,
        /** Items without a current adjudication. */
        PENDING
    }

    /**
     * A layer as the writers need it: labels in their scale order; the guidelines and label descriptions go into the
     * dataset card (null / empty when the project gives none).
     */
    public record LayerInfo(long id, String name, String scope, String measurement, List<String> labels,
                            String guidelines, Map<String, String> labelDescriptions) {
        public LayerInfo(long id, String name, String scope, String measurement, List<String> labels) {
            this(id, name, scope, measurement, labels, null, Map.of());
        }

        public boolean span() {
            return "span".equals(scope);
        }

        public int labelIndex(String label) {
            return labels.indexOf(label);
        }
    }

    public Map<Long, LayerInfo> layersById() {
        var map = new java.util.HashMap<Long, LayerInfo>();
        layers.forEach(l -> map.put(l.id(), l));
        return map;
    }

    public List<LayerInfo> spanLayers() {
        return layers.stream().filter(LayerInfo::span).toList();
    }

    public List<LayerInfo> documentLayers() {
        return layers.stream().filter(l -> !l.span()).toList();
    }

    /** A file name made only of safe characters: {@code <project>-<include>[-<annotator>][-<layer>][-source<id>].<ext>}. */
    public String filename() {
        String base = safeName(projectName);
        if (base.isEmpty() || base.length() > 100) {
            base = "project-" + projectId;
        }
        return base + "-" + include.name().toLowerCase() + (annotator == null ? "" : "-" + safeName(annotator))
                + (layerFilter == null ? "" : "-" + safeName(layerFilter))
                + (sourceId == null ? "" : "-source" + sourceId) + "." + (conllZip() ? "zip" : format.extension);
    }
}
