-- Fills a bench database with one project of 10,000 articles × 3 annotators × 34 annotations
-- (1 stance label + 33 claim spans) = 1,020,000 submitted annotations. psql variables: pid (project id).
\set ON_ERROR_STOP on
insert into source (name, domain) values ('bench-source', 'bench.example') on conflict do nothing;
insert into app_user (username, role)
select 'bench-coder-' || g, 'annotator' from generate_series(1, 3) g on conflict do nothing;

insert into article (source_id, title, text, length, sha256)
select s.id, 'Bench article ' || g, x.t, char_length(x.t), encode(sha256(convert_to(x.t, 'UTF8')), 'hex')
from source s, generate_series(1, 10000) g,
     lateral (select 'Article ' || g || '. ' || repeat('Lorem ipsum dolor sit amet, "consectetur" adipiscing elit. ', 38) as t) x
where s.name = 'bench-source';

insert into project_item (project_id, article_id, capacity, active_count, submitted_count)
select :pid, a.id, 3, 3, 3 from article a join source s on s.id = a.source_id where s.name = 'bench-source';

insert into assignment (project_id, item_id, article_id, annotator_id, status, imported, ended_at)
select pi.project_id, pi.id, pi.article_id, u.id, 'submitted', true, now()
from project_item pi cross join app_user u
where pi.project_id = :pid and u.username like 'bench-coder-%';

insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label)
select a.id, a.project_id, a.article_id, a.annotator_id, l.id, (array['pro', 'neutral', 'anti'])[1 + (a.id % 3)::int]
from assignment a join layer l on l.project_id = a.project_id and l.name = 'stance'
where a.project_id = :pid;

insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label, start_offset, end_offset,
                        quote, attributes)
select a.id, a.project_id, a.article_id, a.annotator_id, l.id,
       (array['unsupported', 'contradicted'])[1 + ((a.annotator_id + k) % 2)::int],
       k * 60 + (a.annotator_id % 3)::int, k * 60 + (a.annotator_id % 3)::int + 20,
       substr(ar.text, k * 60 + (a.annotator_id % 3)::int + 1, 20),
       case when k % 4 = 0 then '{"severity": 2}'::jsonb else '{}'::jsonb end
from assignment a join article ar on ar.id = a.article_id
join layer l on l.project_id = a.project_id and l.name = 'claims'
cross join generate_series(0, 32) k
where a.project_id = :pid;

analyze;
select count(*) as annotations from annotation where project_id = :pid;
