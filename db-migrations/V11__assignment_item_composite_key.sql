-- Every assignment insert (each claim, each imported annotator-item pair) paid four foreign-key triggers: project,
-- item, article and annotator. One composite key to the item now checks item, project and article at once (the item's
-- own keys already prove its project and article exist), and is stricter than before: an assignment's project and
-- article must be those of its item. Measured on an import of 100,000 imported assignments: see
-- docs/annotations.md. Deleting a project still cascades (project → project_item → assignment → annotation); an
-- article with assignments still cannot be deleted (its project items refer to it).
alter table project_item add constraint project_item_identity_unique unique (id, project_id, article_id);

alter table assignment
    drop constraint assignment_project_id_fkey,
    drop constraint assignment_item_id_fkey,
    drop constraint assignment_article_id_fkey,
    add constraint assignment_item_fkey foreign key (item_id, project_id, article_id)
        references project_item (id, project_id, article_id) on delete cascade;
