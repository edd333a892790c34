-- A span-layer project of about 1,000,000 spans, written straight into the tables with generate_series.
-- psql -v docs=10000 -v k=3 -v pool=6 -v spans=33 -v name=bench-span-... -f fill-span.sql
-- Shape: :docs articles of 2,000 code points from 20 sources, k of a pool of :pool annotators per article, each
-- marking :spans spans of 20–29 code points near common positions (jittered by 0–4), label by position with 10%
-- noise, 5% of spans dropped; 3 labels.
\set ON_ERROR_STOP on
select setseed(0.43);

insert into source (name, domain, kind)
select 'bench-source-' || g, 'bench' || g || '.example', 'outlet' from generate_series(1, 20) g
on conflict (name) do nothing;
create temp table b_src as
select id, row_number() over (order by id) - 1 as idx from source where name like 'bench-source-%';

insert into app_user (username, role)
select 'bench-ann-' || g, 'annotator' from generate_series(1, :pool) g
on conflict (username) do nothing;
create temp table b_user as
select id, row_number() over (order by id) - 1 as idx from app_user
where username ~ '^bench-ann-[0-9]+$' and substring(username from 11)::int <= :pool;

insert into project (name, annotators_per_item) values (:'name', :k) returning id as pid \gset
insert into layer (project_id, name, scope, measurement, position)
values (:pid, 'claims', 'span', 'nominal', 0) returning id as lid \gset
insert into layer_label (layer_id, value, position)
select :lid, v, o - 1 from unnest(array['unsupported', 'contradicted', 'world-fact-error']) with ordinality t(v, o);

insert into article (source_id, title, text, length, sha256, story_key)
select s.id, 'Bench ' || g, left('Bench span article ' || :pid || ' ' || g || ' ' || repeat('x', 2000), 2000), 2000,
       encode(sha256(('bench span ' || :pid || ' ' || g)::bytea), 'hex'), 'bench-' || :pid
from generate_series(1, :docs) g join b_src s on s.idx = g % 20;

insert into project_item (project_id, article_id, capacity, active_count, submitted_count, imported_count)
select :pid, id, :k, :k, :k, :k from article where story_key = 'bench-' || :pid order by id;

create temp table b_item as
select id, article_id, row_number() over (order by position) as rn from project_item where project_id = :pid;

insert into assignment (project_id, item_id, article_id, annotator_id, status, imported, ended_at)
select :pid, i.id, i.article_id, u.id, 'submitted', true, now()
from b_item i cross join generate_series(0, :k - 1) j join b_user u on u.idx = (i.rn + j) % :pool;

insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label, start_offset, end_offset)
select s.id, :pid, s.article_id, s.annotator_id, :lid,
       (array['unsupported', 'contradicted', 'world-fact-error'])[case when random() < 0.9 then (n % 3) + 1
                                                                  else floor(random() * 3)::int + 1 end],
       st, st + 20 + floor(random() * 10)::int
from assignment s
cross join generate_series(0, :spans - 1) n
cross join lateral (select n * 60 + floor(random() * 5)::int as st) o
where s.project_id = :pid and random() >= 0.05;

analyze article; analyze project_item; analyze assignment; analyze annotation;
select :pid as project_id, (select count(*) from annotation where project_id = :pid) as annotations;
