-- Agreement streams a layer's annotations without joining every one to its assignment and drops those of the
-- project's unsubmitted assignments (leased, skipped, expired); this finds those few without scanning the rest.
create index assignment_unsubmitted_idx on assignment (project_id) where status <> 'submitted';
