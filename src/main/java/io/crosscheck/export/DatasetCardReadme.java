package io.crosscheck.export;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The dataset card as a Hugging Face dataset-card {@code README.md} ({@code GET …/export/card?as=readme}): a YAML
 * header (pretty_name, license, language, annotations_creators, task_categories, size_categories, the data file) and
 * sections on the dataset, the annotation process (layers, labels, guidelines), the annotators and the agreement
 * figures — all filled from the same {@link DatasetCard} the JSON card is.
 */
final class DatasetCardReadme {

    private DatasetCardReadme() {
    }

    static String render(DatasetCard card, String license, String language) {
        StringBuilder md = new StringBuilder();
        md.append("---\n");
        md.append("pretty_name: ").append(yaml(card.project().name())).append('\n');
        md.append("license: ").append(yaml(license)).append('\n');
        md.append("language:\n- ").append(yaml(language)).append('\n');
        md.append("annotations_creators:\n- expert-generated\n");
        md.append("language_creators:\n- found\n");
        Set<String> tasks = new LinkedHashSet<>();
        for (DatasetCard.LayerSchema l : card.project().layers()) {
            tasks.add("span".equals(l.scope()) ? "token-classification" : "text-classification");
        }
        md.append("task_categories:\n");
        tasks.forEach(t -> md.append("- ").append(t).append('\n'));
        md.append("size_categories:\n- ").append(sizeCategory(card.counts().articles())).append('\n');
        md.append("configs:\n- config_name: default\n  data_files: ").append(yaml(card.export().filename())).append('\n');
        md.append("---\n\n");

        md.append("# ").append(card.project().name()).append("\n\n");
        md.append("## Dataset description\n\n");
        md.append("Exported from Crosscheck project ").append(card.project().id()).append(" (schema version ")
                .append(card.project().schemaVersion()).append(") as `").append(card.export().format())
                .append("` with `include=").append(card.export().include()).append("`");
        if (card.export().layer() != null) {
            md.append(", layer `").append(card.export().layer()).append('`');
        }
        if (card.export().sourceId() != null) {
            md.append(", source ").append(card.export().sourceId());
        }
        if (card.export().annotator() != null) {
            md.append(", annotator `").append(card.export().annotator()).append('`');
        }
        md.append(", items with status `").append(card.export().status()).append("`.\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| articles | ").append(card.counts().articles()).append(" |\n");
        md.append("| annotators | ").append(card.counts().annotators()).append(" |\n");
        md.append("| raw annotations | ").append(card.counts().rawAnnotations()).append(" |\n");
        md.append("| gold annotations | ").append(card.counts().goldAnnotations()).append(" (on ")
                .append(card.counts().goldItems()).append(" adjudicated articles) |\n");
        md.append("| file | `").append(card.export().filename()).append("` (").append(card.export().contentType())
                .append(", ").append(card.bytes()).append(" bytes) |\n");
        md.append("| sha256 | `").append(card.sha256()).append("` |\n\n");

        md.append("## Annotation process\n\n");
        md.append("Each article is annotated independently by ").append(card.project().annotatorsPerItem())
                .append(" annotators; a supervisor adjudicates disagreements into gold. Raw work is each annotator's "
                        + "submitted (or imported) annotations; an annotator who submitted an article and marked nothing "
                        + "counts as having found nothing. Offsets are Unicode code points on the NFC-normalised text.\n\n");
        for (DatasetCard.LayerSchema l : card.project().layers()) {
            md.append("### Layer `").append(l.name()).append("`\n\n");
            md.append("- scope: ").append(l.scope()).append("; measurement: ").append(l.measurement()).append('\n');
            md.append("- labels: ");
            for (int i = 0; i < l.labels().size(); i++) {
                md.append(i == 0 ? "" : ", ").append('`').append(l.labels().get(i)).append('`');
                String d = l.labelDescriptions().get(l.labels().get(i));
                if (d != null) {
                    md.append(" (").append(oneLine(d)).append(')');
                }
            }
            md.append('\n');
            if (l.guidelines() != null && !l.guidelines().isBlank()) {
                md.append("\nGuidelines:\n\n> ").append(l.guidelines().strip().replace("\n", "\n> ")).append('\n');
            }
            md.append('\n');
        }

        md.append("## Annotators\n\n");
        md.append(card.counts().annotators()).append(" annotators contributed raw work to this export, ")
                .append(card.project().annotatorsPerItem()).append(" per article as planned. They are named by their "
                        + "Crosscheck username in the file; no other personal data is exported.\n\n");

        md.append("## Agreement\n\n");
        md.append("Over the exported articles' raw work. Document layers: Krippendorff's α at the layer's measurement "
                + "level; span layers: Krippendorff's α_U (the articles end to end as one continuum) and mean pairwise "
                + "span F1 (exact and overlap). Empty where undefined (fewer than two annotators, or no variation).\n\n");
        md.append("| layer | scope | items | α | α_U | span F1 exact | span F1 overlap |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (DatasetCard.LayerAgreement a : card.agreement()) {
            md.append("| ").append(a.layer()).append(" | ").append(a.scope()).append(" | ").append(a.items())
                    .append(" | ").append(figure(a.krippendorffAlpha())).append(" | ").append(figure(a.unitizingAlpha()))
                    .append(" | ").append(figure(a.spanF1Exact())).append(" | ").append(figure(a.spanF1Overlap()))
                    .append(" |\n");
        }
        md.append("\nCard generated ").append(card.generatedAt()).append(".\n");
        return md.toString();
    }

    static String sizeCategory(long n) {
        if (n < 1_000) {
            return "n<1K";
        }
        if (n < 10_000) {
            return "1K<n<10K";
        }
        if (n < 100_000) {
            return "10K<n<100K";
        }
        if (n < 1_000_000) {
            return "100K<n<1M";
        }
        return n < 10_000_000 ? "1M<n<10M" : "10M<n<100M";
    }

    private static String figure(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n|]+", " ").strip();
    }

    /** A YAML scalar: quoted (JSON string syntax is valid YAML) so names with ':' or '#' stay strings. */
    private static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
