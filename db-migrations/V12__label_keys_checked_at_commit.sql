-- Deleting a project is one statement whose cascades reach the annotations by two paths: project → layer →
-- layer_label, and project → project_item → assignment → annotation (three levels since V11). The label keys were
-- checked when the layer_label rows went, which could be before the deeper cascade had removed the annotations that
-- used them, so the delete failed ("still referenced from table annotation"; seen in the queue bench's cleanup).
-- Checked at commit instead, the cascades have all run by then. A label that is still in use still cannot be deleted:
-- the transaction that tries fails at commit (and the layer change endpoint refuses it with 409 before that).
alter table annotation alter constraint annotation_label_exists deferrable initially deferred;
alter table gold_annotation alter constraint gold_label_exists deferrable initially deferred;
alter table gold_annotation alter constraint gold_annotation_layer_id_fkey deferrable initially deferred;
