package io.crosscheck.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.common.CodePoints;
import io.crosscheck.testing.Fixtures.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One annotator's work on one item, made through the product's own write paths, so the rows, the queue counters and
 * "complete item" are exactly what real work leaves (no test copy of the counter rule): queue work is claimed with
 * {@code queue/next}, labelled through the assignment's annotations endpoint and submitted; imported work is sent as
 * NDJSON lines to the annotation import. Annotations are collected first and written by {@link #submit()} (imported)
 * or at once (queue work, which the API freezes on submit).
 */
public final class Work {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long projectId;
    private final long articleId;
    private final TestUser annotator;
    /** The queue's assignment, or null for imported work. */
    private final Long assignmentId;
    private final List<Map<String, Object>> importLines = new ArrayList<>();

    private Work(long projectId, long articleId, TestUser annotator, Long assignmentId) {
        this.projectId = projectId;
        this.articleId = articleId;
        this.annotator = annotator;
        this.assignmentId = assignmentId;
    }

    /**
     * A lease of the article's item from the queue, as the annotator (made a member first). The queue chooses the item,
     * so this asserts it offered the expected article: callers claim in the order items were added.
     */
    public static Work claimed(long projectId, long articleId, TestUser annotator) {
        Fixtures.members(projectId, annotator);
        var offer = Fixtures.as(annotator.token()).when().post("/api/v1/projects/" + projectId + "/queue/next")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(articleId, offer.getLong("articleId"), "the queue offers items in the order they were added");
        long assignment = offer.getLong("assignmentId");
        return new Work(projectId, articleId, annotator, assignment);
    }

    /** Work the annotation import will bring in (on {@link #submit()}) as the annotator's submitted work. */
    public static Work imported(long projectId, long articleId, TestUser annotator) {
        return new Work(projectId, articleId, annotator, null);
    }

    public Work documentLabel(String layer, String label) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("layer", layer);
        a.put("label", label);
        return add(a);
    }

    /** A span on [start, end) of the article's text (code points); attributes as a JSON object, or null. */
    public Work span(String layer, String label, int start, int end, String text, String attributes) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("layer", layer);
        a.put("label", label);
        a.put("start", start);
        a.put("end", end);
        a.put("quote", CodePoints.substring(text, start, end));
        if (attributes != null) {
            a.put("attributes", object(attributes));
        }
        return add(a);
    }

    private Work add(Map<String, Object> annotation) {
        if (assignmentId == null) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("articleId", articleId);
            line.put("annotator", annotator.username());
            line.putAll(annotation);
            importLines.add(line);
        } else {
            Fixtures.as(annotator.token()).body(annotation)
                    .when().post("/api/v1/assignments/" + assignmentId + "/annotations").then().statusCode(201);
        }
        return this;
    }

    /** Submits queue work, or imports the collected lines (at least one: an import line names a layer). */
    public void submit() {
        if (assignmentId == null) {
            if (importLines.isEmpty()) {
                throw new IllegalStateException("imported work needs at least one line");
            }
            Fixtures.importAnnotationLines(projectId, importLines);
        } else {
            Fixtures.as(annotator.token()).when().post("/api/v1/assignments/" + assignmentId + "/submit")
                    .then().statusCode(200);
        }
    }

    /** Skips the queue work (the item goes back to the others). */
    public void skip() {
        Fixtures.as(annotator.token()).when().post("/api/v1/assignments/" + queueAssignment() + "/skip")
                .then().statusCode(200);
    }

    /** The queue's assignment id of this work. */
    public long assignmentId() {
        return queueAssignment();
    }

    private long queueAssignment() {
        if (assignmentId == null) {
            throw new IllegalStateException("imported work has no assignment before it is imported");
        }
        return assignmentId;
    }

    /** Gold for the item, saved through the review's adjudication endpoint by {@link #save()}. */
    public static final class Gold {
        private final long projectId;
        private final long articleId;
        private final TestUser supervisor;
        private final List<Map<String, Object>> annotations = new ArrayList<>();

        public Gold(long projectId, long articleId, TestUser supervisor) {
            this.projectId = projectId;
            this.articleId = articleId;
            this.supervisor = supervisor;
        }

        /** A gold label; start and end null for a document layer (text is then unused). */
        public Gold add(String layer, String label, Integer start, Integer end, String text) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("layer", layer);
            a.put("label", label);
            if (start != null) {
                a.put("start", start);
                a.put("end", end);
                a.put("quote", CodePoints.substring(text, start, end));
            }
            annotations.add(a);
            return this;
        }

        /** The current adjudication of the item (an earlier one stops being current). */
        public void save() {
            Fixtures.as(supervisor.token()).body(Map.of("note", "test", "annotations", annotations))
                    .when().post("/api/v1/projects/" + projectId + "/items/" + articleId + "/adjudication")
                    .then().statusCode(201);
        }
    }

    private static Map<String, Object> object(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
