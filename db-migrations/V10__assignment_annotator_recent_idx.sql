-- A random-order claim continues from the annotator's latest assignment in the project (R__queue_functions.sql,
-- queue_claim): with id as the last column, "latest" is one index descent instead of a read of the annotator's whole
-- history in the project. The new index serves every query the old one did.
create index assignment_annotator_recent_idx on assignment (annotator_id, project_id, id);
drop index assignment_annotator_idx;
