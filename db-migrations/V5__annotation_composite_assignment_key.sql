-- Annotation inserts paid one foreign-key trigger per referenced table (assignment, project, article, annotator,
-- layer, label): six row lookups per annotation, most of the cost of a bulk import. One composite key to the
-- assignment now checks assignment, project, article and annotator at once, and is stricter than before: an
-- annotation's project, article and annotator must be those of its assignment. The label key (layer_id, label) still
-- proves the layer exists. Deleting a project still cascades (project → assignment → annotation); an article or user
-- with annotations still cannot be deleted (their assignments refer to them).

alter table assignment add constraint assignment_identity_unique unique (id, project_id, article_id, annotator_id);

alter table annotation
    drop constraint annotation_assignment_id_fkey,
    drop constraint annotation_project_id_fkey,
    drop constraint annotation_article_id_fkey,
    drop constraint annotation_annotator_id_fkey,
    drop constraint annotation_layer_id_fkey,
    add constraint annotation_assignment_fkey foreign key (assignment_id, project_id, article_id, annotator_id)
        references assignment (id, project_id, article_id, annotator_id) on delete cascade;
