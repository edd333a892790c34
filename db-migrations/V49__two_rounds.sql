-- Two rounds (SPEC §8, "rounds": 2): after an item's panel has submitted, each of its raters sees the others'
-- judgements without names and submits a revision (Ad Fontes Media's discuss-and-revise step, a Delphi round). The
-- revision is an assignment of its own, round 2, beside the round-1 one, so round 1 is never overwritten and every
-- lease rule (expiry, heartbeat, one live lease per annotator and project) applies to it unchanged. A rater has at
-- most one assignment per item and round: the once-per-annotator key gains the round. Round-2 assignments never touch
-- the item's counters (active_count, submitted_count, capacity): those describe the round-1 panel, so item_is_complete
-- keeps meaning "the panel has submitted", the condition for round 2 to open (R__queue_functions.sql, queue_round_two).

alter table project add column rounds smallint not null default 1 check (rounds in (1, 2));

alter table assignment add column round smallint not null default 1 check (round in (1, 2));
alter table assignment drop constraint assignment_once_per_annotator;
alter table assignment add constraint assignment_once_per_annotator unique (item_id, annotator_id, round);

-- Escalation visibility (issue #14.3): the per-item agreement behind each added rater, in order, so the review queue
-- and the exports can say why an item has more raters than k without reading the audit log per item. Escalations
-- made before this migration are filled in from their audit rows (Escalation.grow writes both from now on).
alter table project_item add column escalation_agreements double precision[] not null default '{}';
update project_item i set escalation_agreements = e.agreements
from (select entity_id, array_agg((detail ->> 'agreement')::double precision order by id) as agreements
      from audit_event where action = 'escalate' and entity = 'item' group by entity_id) e
where e.entity_id = i.id and i.escalations > 0;

-- A submitted round-1 assignment of a two-round project whose rater has not yet been handed round 2 on the item
-- (set by the submit, cleared when round 2 is leased), so queue_next finds a rater's due revisions through this small
-- partial index instead of walking their whole history in the project at every claim.
alter table assignment add column revision_due boolean not null default false;
create index assignment_revision_due_idx on assignment (project_id, annotator_id, item_id) where revision_due;
