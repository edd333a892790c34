-- "Complete item" is defined once, on the item counters (R__queue_functions.sql, item_is_complete; docs/work.md): an
-- item is complete with k submitted assignments, or when work came in by import and no lease on it is live. The
-- second half needs to know, from the item row alone, whether any of its work was imported; so the import keeps a
-- count of its imported assignments here (all of them: imported work beyond k takes no queue slot but still counts).
alter table project_item add column imported_count integer not null default 0;

update project_item i set imported_count = t.n
from (select item_id, count(*) as n from assignment where imported group by item_id) t
where i.id = t.item_id;

alter table project_item add constraint project_item_imported check (imported_count >= 0);
