package io.crosscheck.projects;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/taxonomy.md lists the built-in taxonomy layer by layer, label by label and attribute by attribute; that list is
 * rendered from {@link Taxonomy#defaultLayers()} here, so the page and the code cannot drift apart. When the
 * taxonomy changes, this test fails and writes the new list to target/taxonomy-generated.md: paste it between the
 * markers.
 */
class TaxonomyDocTest {

    static final Path DOC = Path.of("docs/taxonomy.md");
    static final String BEGIN = "<!-- generated from Taxonomy.defaultLayers() by TaxonomyDocTest: begin -->";
    static final String END = "<!-- generated: end -->";

    @Test
    void theDocumentedTaxonomyIsTheBuiltInOne() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " lacks the markers " + BEGIN + " … " + END);
        String documented = doc.substring(begin + BEGIN.length(), end).strip();
        String generated = render().strip();
        if (!generated.equals(documented)) {
            Path out = Path.of("target/taxonomy-generated.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, generated + "\n");
            assertEquals(generated, documented, DOC + " is out of date with Taxonomy.defaultLayers(): replace the part "
                    + "between its markers by " + out.toAbsolutePath());
        }
    }

    /** The Markdown of every layer of the built-in taxonomy. */
    static String render() {
        StringBuilder md = new StringBuilder();
        for (LayerSpec layer : Taxonomy.defaultLayers()) {
            md.append("### `").append(layer.name()).append("`\n\n");
            md.append("Scope `").append(layer.scope()).append("`, measurement `").append(layer.measurement())
                    .append("`, ").append(layer.labels().size()).append(" labels.\n\n");
            boolean plain = layer.labels().stream().allMatch(l -> l.description() == null && l.key() == null);
            if (plain) {
                md.append("Labels: ").append(layer.labels().stream().map(l -> "`" + l.value() + "`")
                        .collect(Collectors.joining(", "))).append(".\n\n");
            } else {
                md.append("| label | description | key |\n| --- | --- | --- |\n");
                for (LabelSpec label : layer.labels()) {
                    md.append("| `").append(label.value()).append("` | ")
                            .append(label.description() == null ? "" : label.description().replace("|", "\\|"))
                            .append(" | ").append(label.key() == null ? "" : "`" + label.key() + "`").append(" |\n");
                }
                md.append('\n');
            }
            if (layer.attributes().isEmpty()) {
                md.append("Attributes: none.\n\n");
            } else {
                md.append("Attributes: ").append(layer.attributes().stream()
                        .map(a -> "`" + a.name() + "` (" + a.type() + ")").collect(Collectors.joining(", ")))
                        .append(".\n\n");
            }
            if (layer.guidelines() != null) {
                md.append("Guidelines:\n\n").append(layer.guidelines().strip()).append("\n\n");
            }
        }
        return md.toString();
    }
}
