-- How each gold set was made, as the client asked for it: 'annotations' (written out by the supervisor), 'majority',
-- or 'annotator:<name>'. Before this column it was only in the audit log; gold made before it is filled from there.
alter table adjudication add column made_from text;

update adjudication d set made_from = e.detail ->> 'from'
from audit_event e
where e.action = 'adjudicate' and e.entity = 'adjudication' and e.entity_id = d.id;

alter table adjudication add constraint adjudication_made_from_check
    check (made_from is null or made_from in ('annotations', 'majority') or made_from like 'annotator:%');
