package io.crosscheck.annotations;

import io.crosscheck.common.ImportReport;

/**
 * The article-import report plus what an annotation import did to the project: items it added and the (submitted,
 * imported) assignments it created.
 */
public class AnnotationImportReport extends ImportReport {

    private int itemsAdded;
    private int assignmentsCreated;

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
}
