package io.crosscheck.annotations;

import io.crosscheck.common.ImportReport;

/**
 * The article-import report plus what an annotation import did to the project: items it added, the (submitted,
 * imported) assignments it created, and the articles it created from an outside file's texts.
 */
public class AnnotationImportReport extends ImportReport {

    private int itemsAdded;
    private int assignmentsCreated;
    private int articlesCreated;

    public int getItemsAdded() {
        return itemsAdded;
    }

    void setItemsAdded(int itemsAdded) {
        this.itemsAdded = itemsAdded;
    }

    public int getAssignmentsCreated() {
        return assignmentsCreated;
    }

    void setAssignmentsCreated(int assignmentsCreated) {
        this.assignmentsCreated = assignmentsCreated;
    }

    /** Texts of an outside file that were not articles yet and became articles (always 0 for the NDJSON import). */
    public int getArticlesCreated() {
        return articlesCreated;
    }

    void setArticlesCreated(int articlesCreated) {
        this.articlesCreated = articlesCreated;
    }
}
