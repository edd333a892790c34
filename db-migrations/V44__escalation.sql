-- Escalation (SPEC §8): "escalation": {"layer", "belowAgreement", "maxAnnotatorsPerItem"}. When an item's panel has
-- submitted and its per-item agreement on the layer is below the threshold, its capacity grows by one (up to the
-- maximum), so the queue hands it to one more rater — balanced, when the project has a panel. project_item.escalations
-- says how many raters were added and audit_event ('escalate') says why (the agreement that triggered each).

alter table project add column escalation_layer text check (escalation_layer ~ '^[A-Za-z0-9_.-]{1,100}$');
alter table project add column escalation_below double precision check (escalation_below between -1 and 1);
alter table project add column escalation_max integer check (escalation_max between 1 and 50);
alter table project add constraint project_escalation_complete check (
    (escalation_layer is null) = (escalation_below is null) and (escalation_layer is null) = (escalation_max is null));

alter table project_item add column escalations integer not null default 0 check (escalations >= 0);
