-- Control items (SPEC §8): items whose current gold is the answer key, mixed into every rater's queue at the
-- project's control_rate so that accuracy on them measures each rater (Labelbox benchmarks, Potato's gold items).
-- A control is for every rater, so its capacity is the largest integer: it never fills and never leaves the open
-- indexes, and the claim reaches controls through their own small partial index instead.

alter table project add column control_rate double precision not null default 0.1
    check (control_rate >= 0 and control_rate <= 0.5);

alter table project_item add column is_control boolean not null default false;
create index project_item_control_idx on project_item (project_id, position) where is_control;
