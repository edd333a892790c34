package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers on their own (no database): what lines a file turns into. */
class ReadersTest {

    static List<String> read(FormatReader reader, String body, ImportReport report) throws Exception {
        List<String> out = new ArrayList<>();
        reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ImportOptions.none(), report, l -> {
            String text = ((ArticleRef.ByText) l.article()).text();
            out.add(l.label() == null ? "did" : l.label() + (l.start() == null ? ""
                    : " " + text.substring(text.offsetByCodePoints(0, l.start()), text.offsetByCodePoints(0, l.end()))));
        });
        return out;
    }

    @Test
    void conllReadsIob1BioesAndEndsSpansAtSentenceBreaks() throws Exception {
        ImportReport report = new ImportReport();
        List<String> lines = read(new ConllReader(1 << 20),
                "A\tI-X\nB\tI-X\nC\tB-X\nD\tS-Y\nE\tB-Z\nF\tE-Z\nG\tI-Z\n\nH\tI-Z\n", report);
        assertEquals(0, report.getFailed());
        assertEquals(List.of("X A B", "X C", "Y D", "Z E F", "Z G", "Z H"), lines);
    }

    @Test
    void conllDocumentWithOnlyOTagsIsDidTheItem() throws Exception {
        assertEquals(List.of("did"), read(new ConllReader(1 << 20), "-DOCSTART-\nA\tO\nB\tO\n", new ImportReport()));
    }

    @Test
    void tsvSplitsStackedAnnotationsAndUndoesEscapes() throws Exception {
        String tsv = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Claim|label\n\n\n#Text=a\\\\b c\n"
                + "1-1\t0-3\ta\\\\b\tP\\_Q[1]|R\n1-2\t4-5\tc\tP\\_Q[1]\n";
        ImportReport report = new ImportReport();
        List<String> lines = read(new WebannoTsvReader(1 << 20), tsv, report);
        assertEquals(0, report.getFailed(), () -> report.getErrors().toString());
        assertEquals(List.of("P_Q a\\b c", "R a\\b"), lines);
    }

    @Test
    void labelStudioOffsetsAreCodePointsUnlessOnlyUtf16UnitsMatchTheSelectedText() throws Exception {
        SourceText text = SourceText.of("😀 ab cd");
        assertEquals(2, LabelStudioReader.span(2, 4, "ab", text, null)[0]);
        assertEquals(2, LabelStudioReader.span(3, 5, "ab", text, null)[0]);
        assertThrows(SourceText.OffsetException.class, () -> LabelStudioReader.span(3, 5, "ab", text, OffsetUnit.CODEPOINTS));
        assertThrows(SourceText.OffsetException.class, () -> LabelStudioReader.span(2, 4, "zz", text, null));
    }

    @Test
    void w3cCollectionWhoseTotalDisagreesWithItsItemsIs400() {
        ProblemException e = assertThrows(ProblemException.class, () -> new W3cReader(new ObjectMapper()).read(
                new ByteArrayInputStream("{\"type\": \"AnnotationCollection\", \"total\": 2, \"first\": {\"type\": \"AnnotationPage\", \"items\": []}}"
                        .getBytes(StandardCharsets.UTF_8)), ImportOptions.none(), new ImportReport(), l -> { }));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("total 2"));
    }
}
