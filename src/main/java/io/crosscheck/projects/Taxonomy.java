package io.crosscheck.projects;

import io.crosscheck.projects.LayerSpec.AttributeSpec;

import java.util.List;

/** The built-in taxonomy ({@code "taxonomy": "default"}, SPEC §4): framing, bias, attribution, claims, stance, reliability. */
public final class Taxonomy {

    public static final String DEFAULT = "default";

    /** The 15 dimensions of the Media Frames Corpus (Card et al. 2015). */
    public static final List<String> MEDIA_FRAMES = List.of(
            "Economic", "Capacity and resources", "Morality", "Fairness and equality",
            "Legality, constitutionality and jurisprudence", "Policy prescription and evaluation",
            "Crime and punishment", "Security and defense", "Health and safety", "Quality of life",
            "Cultural identity", "Public opinion", "Political", "External regulation and reputation", "Other");

    private Taxonomy() {
    }

    public static List<LayerSpec> defaultLayers() {
        return List.of(
                new LayerSpec("framing", "span", "nominal", MEDIA_FRAMES, List.of()),
                // BASIL (Fan et al. 2019): lexical vs informational bias.
                new LayerSpec("bias", "span", "nominal", List.of("lexical", "informational"), List.of(
                        new AttributeSpec("target", "string"),
                        new AttributeSpec("polarity", "string"))),
                // PARC 3.0 (Pareti 2016): source, cue, content grouped by attributionId.
                new LayerSpec("attribution", "span", "nominal", List.of("source", "cue", "content"), List.of(
                        new AttributeSpec("attributionId", "string"),
                        new AttributeSpec("sourceType", "string"))),
                new LayerSpec("claims", "span", "nominal", List.of(
                        new LabelSpec("unsupported", "No support in the text or its cited sources.", null),
                        new LabelSpec("contradicted", "Conflicts with the source material.", null),
                        new LabelSpec("world-fact-error", "False as of the publication date, e.g. \"former US President\" "
                                + "for an incumbent.", null)), List.of(
                        new AttributeSpec("severity", "int"),
                        new AttributeSpec("evidence", "string"),
                        new AttributeSpec("asOf", "date")), null),
                new LayerSpec("stance", "document", "nominal", List.of("pro", "neutral", "anti"), List.of()),
                new LayerSpec("reliability", "document", "ordinal", List.of("1", "2", "3", "4", "5"), List.of()));
    }
}
