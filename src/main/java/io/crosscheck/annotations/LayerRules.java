package io.crosscheck.annotations;

import io.crosscheck.common.CodePoints;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.Layer;
import io.crosscheck.projects.Project;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A project's label schema as plain data, loaded once per request, and the rules an annotation must satisfy against
 * it and against its article (known layer, label and typed attributes; span offsets in code points; matching quote).
 * Shared by the single and batch endpoints and the NDJSON import so all three accept exactly the same annotations.
 */
public final class LayerRules {

    /** One layer: its id, scope, labels (in scale order) and attribute types. */
    public record LayerRule(long id, String name, String scope, Set<String> labels, Map<String, String> attributeTypes) {
        public boolean isSpan() {
            return Layer.SPAN.equals(scope);
        }
    }

    /** An annotation that passed every rule: what gets stored. {@code label} is null only for an import's "did the item" line. */
    public record Checked(LayerRule layer, String label, Integer start, Integer end, String quote,
                          Map<String, Object> attributes) {
    }

    private final Map<String, LayerRule> byName = new HashMap<>();
    private final Map<Long, LayerRule> byId = new HashMap<>();
    private final int maxStringAttribute;

    private LayerRules(int maxStringAttribute) {
        this.maxStringAttribute = maxStringAttribute;
    }

    /** @param maxStringAttribute the longest string attribute value, in code points (crosscheck.limits.attribute-string) */
    public static LayerRules of(Project project, int maxStringAttribute) {
        LayerRules rules = new LayerRules(maxStringAttribute);
        for (Layer layer : project.layers) {
            // Ordered: a refused label is answered with the layer's labels in their scale order.
            LayerRule rule = new LayerRule(layer.id, layer.name, layer.scope,
                    Collections.unmodifiableSet(new LinkedHashSet<>(layer.labelValues())),
                    layer.attributes.stream().collect(Collectors.toUnmodifiableMap(a -> a.name, a -> a.type)));
            rules.byName.put(rule.name(), rule);
            rules.byId.put(rule.id(), rule);
        }
        return rules;
    }

    public LayerRule byId(long id) {
        return byId.get(id);
    }

    /** The layer with this name, or null. */
    public LayerRule layer(String name) {
        return name == null ? null : byName.get(name);
    }

    /** The layer names, sorted (for messages). */
    public java.util.List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /**
     * Checks one annotation; throws a 422 {@link ProblemException} naming the field otherwise.
     *
     * @param labelOptional the import may omit the label (the annotator marked nothing on this layer)
     * @param quoteRequired the API requires the quote on spans; the import derives it when absent
     * @param text          the article text, only asked for on span layers
     */
    public Checked check(String layerName, String label, Integer start, Integer end, String quote,
                         Map<String, Object> attributes, int articleLength, Supplier<String> text,
                         boolean labelOptional, boolean quoteRequired) {
        return checkAgainst(layerName, label, start, end, quote, attributes, articleLength,
                () -> CodePointText.of(text.get(), articleLength), labelOptional, quoteRequired);
    }

    /** As {@link #check}, with the text already prepared for fast slicing (the import checks many spans per article). */
    public Checked checkAgainst(String layerName, String label, Integer start, Integer end, String quote,
                                Map<String, Object> attributes, int articleLength, Supplier<CodePointText> text,
                                boolean labelOptional, boolean quoteRequired) {
        if (layerName == null || layerName.isBlank()) {
            throw ProblemException.unprocessable("layer", "layer is required");
        }
        LayerRule layer = byName.get(layerName);
        if (layer == null) {
            throw ProblemException.unprocessable("layer", "unknown layer '" + layerName + "'; the project has "
                    + byName.keySet().stream().sorted().toList());
        }
        if (label == null) {
            if (!labelOptional) {
                throw ProblemException.unprocessable("label", "label is required");
            }
            if (start != null || end != null || quote != null || (attributes != null && !attributes.isEmpty())) {
                throw ProblemException.unprocessable("label",
                        "a line without label records only that the annotator did the item; it takes no start, end, quote or attributes");
            }
            return new Checked(layer, null, null, null, null, Map.of());
        }
        if (!layer.labels().contains(label)) {
            throw ProblemException.unprocessable("label", "unknown label '" + label + "' on layer '" + layer.name()
                    + "'; its labels are " + layer.labels()).with("labels", List.copyOf(layer.labels()));
        }
        Map<String, Object> checkedAttributes = checkAttributes(layer, attributes);
        if (!layer.isSpan()) {
            if (start != null || end != null || quote != null) {
                throw ProblemException.unprocessable(start != null ? "start" : end != null ? "end" : "quote",
                        "layer '" + layer.name() + "' is a document layer: it takes a label only, no start, end or quote");
            }
            return new Checked(layer, label, null, null, null, checkedAttributes);
        }
        if (start == null) {
            throw ProblemException.unprocessable("start", "span layer '" + layer.name() + "' needs start");
        }
        if (end == null) {
            throw ProblemException.unprocessable("end", "span layer '" + layer.name() + "' needs end");
        }
        if (start < 0 || start >= end || end > articleLength) {
            throw ProblemException.unprocessable(start < 0 || start >= end ? "start" : "end",
                    "offsets must satisfy 0 <= start < end <= " + articleLength + " (the article length in code points); got "
                            + start + ".." + end);
        }
        if (quote == null && quoteRequired) {
            throw ProblemException.unprocessable("quote", "span layer '" + layer.name()
                    + "' needs quote, the text between start and end");
        }
        String actual = text.get().slice(start, end);
        if (quote != null && !CodePoints.nfc(quote).equals(actual)) {
            throw ProblemException.unprocessable("quote", "quote does not match the text at " + start + ".." + end
                    + " (offsets count code points); the text there is \"" + abbreviate(actual) + "\"");
        }
        return new Checked(layer, label, start, end, actual, checkedAttributes);
    }

    private Map<String, Object> checkAttributes(LayerRule layer, Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (var entry : attributes.entrySet()) {
            String name = entry.getKey();
            String type = layer.attributeTypes().get(name);
            String field = "attributes." + name;
            if (type == null) {
                throw ProblemException.unprocessable(field, "unknown attribute '" + name + "' on layer '" + layer.name()
                        + "'; it has " + layer.attributeTypes().keySet().stream().sorted().toList());
            }
            Object value = entry.getValue();
            if (!hasType(value, type)) {
                throw ProblemException.unprocessable(field, "attribute '" + name + "' must be " + describe(type));
            }
            if (value instanceof String s) {
                checkString(field, name, s);
            }
            checked.put(name, value);
        }
        return checked;
    }

    /** A string value is stored in jsonb: bounded in length, and without NUL, which PostgreSQL cannot store there. */
    private void checkString(String field, String name, String value) {
        if (value.length() > maxStringAttribute && CodePoints.length(value) > maxStringAttribute) {
            throw ProblemException.unprocessable(field, "attribute '" + name + "' is " + CodePoints.length(value)
                    + " code points long; at most " + maxStringAttribute + " are allowed (crosscheck.limits.attribute-string)");
        }
        if (value.indexOf('\0') >= 0) {
            throw ProblemException.unprocessable(field, "attribute '" + name + "' contains a NUL character (U+0000), "
                    + "which cannot be stored");
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "int" -> value instanceof Integer || value instanceof Long
                    || (value instanceof BigInteger b && b.bitLength() < 64);
            // JSON reads 1e400 as Infinity: not a number anyone wrote, and not one PostgreSQL's jsonb can hold.
            case "number" -> value instanceof Number n && Double.isFinite(n.doubleValue());
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "date" -> value instanceof String s && isDate(s);
            default -> false;
        };
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String describe(String type) {
        return switch (type) {
            case "int" -> "an integer";
            case "number" -> "a finite number";
            case "string" -> "a string";
            case "boolean" -> "true or false";
            case "date" -> "a date (YYYY-MM-DD)";
            default -> type;
        };
    }

    private static String abbreviate(String s) {
        return CodePoints.length(s) <= 200 ? s : CodePoints.substring(s, 0, 200) + "…";
    }
}
