-- Who works on a project. Only members claim work (queue_next in R__queue_functions.sql checks this row); a project
-- with access 'open' lets every annotator in, and records them as members on their first claim. The profile holds a
-- member's rater attributes (SPEC §8, e.g. {"lean": "left"}), so rater profiles need no second table.

alter table project add column access text not null default 'members' check (access in ('members', 'open'));

create table project_member (
    project_id  bigint      not null references project (id) on delete cascade,
    user_id     bigint      not null references app_user (id) on delete cascade,
    added_at    timestamptz not null default now(),
    -- Null when the membership came from an import, an open project's first claim, or this migration.
    added_by    bigint      references app_user (id) on delete set null,
    profile     jsonb       not null default '{}'::jsonb check (jsonb_typeof(profile) = 'object'),
    primary key (project_id, user_id)
);
-- "My projects": the projects of one user.
create index project_member_user_idx on project_member (user_id, project_id);

-- Whoever already has work in a project keeps working there: every annotator with an assignment becomes a member.
insert into project_member (project_id, user_id, added_at)
select a.project_id, a.annotator_id, min(a.leased_at)
from assignment a
group by a.project_id, a.annotator_id;
