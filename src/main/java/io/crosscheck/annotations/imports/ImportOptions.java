package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.annotations.LayerRules;
import io.crosscheck.common.ProblemException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query parameters of an annotation import, parsed and checked against the project before the body is read.
 *
 * @param source    source name for texts that are not articles yet and whose file names no source ({@code ?source=})
 * @param annotator annotator for files that name none ({@code ?annotator=})
 * @param layerMap  the file's layer names → project layers ({@code ?layer=fileName=projectLayer})
 * @param spanLayer the project layer for span annotations whose file layer is unnamed or unknown (a bare {@code ?layer=})
 * @param documentLayer likewise for document labels
 * @param labelMap  the file's labels → project labels ({@code ?labelMap=PER=person,ORG=organisation} or a JSON object)
 * @param offsets   the unit of the file's offsets where the format leaves it open ({@code ?offsets=}), or null
 */
public record ImportOptions(String source, String annotator, Map<String, String> layerMap, String spanLayer,
                            String documentLayer, Map<String, String> labelMap, OffsetUnit offsets) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ImportOptions none() {
        return new ImportOptions(null, null, Map.of(), null, null, Map.of(), null);
    }

    /** Parses and checks the parameters; a bad one is a 400 naming it. */
    public static ImportOptions parse(LayerRules rules, String source, String annotator, List<String> layers,
                                      String labelMap, String offsets) {
        Map<String, String> layerMap = new LinkedHashMap<>();
        String span = null;
        String document = null;
        for (String value : layers == null ? List.<String>of() : layers) {
            for (String part : value.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.lastIndexOf('=');
                String target = eq < 0 ? p : p.substring(eq + 1).strip();
                LayerRules.LayerRule layer = rules.layer(target);
                if (layer == null) {
                    throw parameter("layer", "the project has no layer '" + target + "'; it has " + rules.names());
                }
                if (eq >= 0) {
                    layerMap.put(p.substring(0, eq).strip(), target);
                } else if (layer.isSpan()) {
                    if (span != null && !span.equals(target)) {
                        throw parameter("layer", "two span layers given without a file layer name: " + span + ", " + target);
                    }
                    span = target;
                } else {
                    if (document != null && !document.equals(target)) {
                        throw parameter("layer", "two document layers given without a file layer name: " + document + ", " + target);
                    }
                    document = target;
                }
            }
        }
        if (annotator != null && !annotator.matches("[A-Za-z0-9._@-]{1,100}")) {
            throw parameter("annotator", "annotator must be 1–100 letters, digits or . _ @ -");
        }
        if (source != null && (source.isBlank() || source.strip().length() > 200)) {
            throw parameter("source", "source must be a name of 1–200 characters");
        }
        OffsetUnit unit = null;
        if (offsets != null) {
            try {
                unit = OffsetUnit.valueOf(offsets.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw parameter("offsets", "offsets must be one of codepoints, utf16, graphemes");
            }
        }
        return new ImportOptions(source == null ? null : source.strip(), annotator, Map.copyOf(layerMap), span, document,
                parseLabelMap(labelMap), unit);
    }

    private static Map<String, String> parseLabelMap(String value) {
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        if (value.strip().startsWith("{")) {
            try {
                map.putAll(JSON.readValue(value, new TypeReference<Map<String, String>>() {
                }));
            } catch (Exception e) {
                throw parameter("labelMap", "labelMap is not a JSON object of strings: " + e.getMessage());
            }
            return map;
        }
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw parameter("labelMap", "labelMap takes fileLabel=projectLabel pairs separated by commas "
                        + "(or a JSON object); got '" + part + "'");
            }
            map.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return map;
    }

    private static ProblemException parameter(String name, String detail) {
        return ProblemException.badRequest(detail).with("parameter", name);
    }

    /**
     * The project layer for an annotation: the mapped name, else a project layer of the same name, else the bare
     * default for its scope, else the file's name as it is (the check then reports it unknown).
     */
    public String layerFor(String fileLayer, boolean span, LayerRules rules) {
        if (fileLayer != null) {
            String mapped = layerMap.get(fileLayer);
            if (mapped != null) {
                return mapped;
            }
            if (rules.layer(fileLayer) != null) {
                return fileLayer;
            }
        }
        String fallback = span ? spanLayer : documentLayer;
        return fallback != null ? fallback : fileLayer;
    }

    /**
     * The project label for a file's label on a layer: {@code labelMap} first; with {@code underscoresAreSpaces} (CoNLL,
     * whose labels cannot hold whitespace) a label the layer lacks is tried with its underscores read as spaces.
     */
    public String labelFor(String fileLabel, LayerRules.LayerRule layer, boolean underscoresAreSpaces) {
        if (fileLabel == null) {
            return null;
        }
        String label = labelMap.getOrDefault(fileLabel, fileLabel);
        if (underscoresAreSpaces && layer != null && !layer.labels().contains(label) && label.indexOf('_') >= 0) {
            String spaced = label.replace('_', ' ');
            if (layer.labels().contains(spaced)) {
                return spaced;
            }
        }
        return label;
    }

    public OffsetUnit offsetsOr(OffsetUnit fallback) {
        return offsets != null ? offsets : fallback;
    }
}
