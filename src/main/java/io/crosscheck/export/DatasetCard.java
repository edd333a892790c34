package io.crosscheck.export;

import io.crosscheck.projects.RaterAttribute;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The dataset card that goes beside an export: what project and schema it comes from, what it contains, how far
 * the annotators agree, and the sha256 of the export file with the same parameters.
 */
public record DatasetCard(ProjectInfo project, ExportInfo export, Counts counts, List<LayerAgreement> agreement,
                          Raters raters, String sha256, long bytes, String sha256Method, OffsetDateTime generatedAt) {

    public record ProjectInfo(long id, String name, int schemaVersion, int annotatorsPerItem, List<LayerSchema> layers) {
    }

    /** A layer of the schema, with the codebook the annotators worked from: guidelines and label descriptions. */
    public record LayerSchema(String name, String scope, String measurement, List<String> labels, String guidelines,
                              Map<String, String> labelDescriptions) {
        static LayerSchema from(ExportPlan.LayerInfo l) {
            return new LayerSchema(l.name(), l.scope(), l.measurement(), l.labels(), l.guidelines(), l.labelDescriptions());
        }
    }

    /**
     * Who rated (MBIC-style annotator metadata): the project's declared rater attributes and, for each annotator
     * whose work is in the file, their profile ({} when none was set).
     */
    public record Raters(List<RaterAttribute> attributes, List<Rater> annotators) {
    }

    public record Rater(String annotator, Map<String, Object> profile) {
    }

    public record ExportInfo(String format, String include, String layer, Long sourceId, String status,
                             String annotator, String filename, String contentType) {
    }

    /**
     * @param annotators      distinct annotators with counted work in the exported articles
     * @param rawAnnotations  submitted or imported annotations in the file
     * @param goldAnnotations gold annotations in the file
     * @param goldItems       exported articles with a current adjudication
     */
    public record Counts(long articles, long annotators, long rawAnnotations, long goldAnnotations, long goldItems) {
    }

    /**
     * Agreement of one layer over the exported articles' raw work. Document layers: {@code krippendorffAlpha}
     * (at the layer's measurement level). Span layers: {@code unitizingAlpha} (α_U, the articles end to end as one
     * continuum) and mean pairwise {@code spanF1Exact}/{@code spanF1Overlap}. Null where undefined or not
     * applicable. {@code items}: articles with at least two annotators' values (document) or work (span).
     */
    public record LayerAgreement(String layer, String scope, String measurement, long items, Double krippendorffAlpha,
                                 Double unitizingAlpha, Double spanF1Exact, Double spanF1Overlap) {
    }
}
