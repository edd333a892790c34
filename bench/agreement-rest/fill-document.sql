-- A document-layer project of about 1,000,000 annotations, written straight into the tables with generate_series.
-- psql -v items=222222 -v k=5 -v pool=20 -v name=bench-doc-... -f fill-document.sql
-- Shape: :items articles from 20 sources, k of a pool of :pool annotators per item (submitted, imported),
-- nominal labels pro/neutral/anti agreeing with the item's "true" label 80% of the time, 10% missing labels.
\set ON_ERROR_STOP on
select setseed(0.42);

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
values (:pid, 'stance', 'document', 'nominal', 0) returning id as lid \gset
insert into layer_label (layer_id, value, position)
select :lid, v, o - 1 from unnest(array['pro', 'neutral', 'anti']) with ordinality t(v, o);

insert into article (source_id, title, text, length, sha256, story_key)
select s.id, 'Bench ' || g, 'Bench article ' || :pid || ' ' || g, length('Bench article ' || :pid || ' ' || g),
       encode(sha256(('bench ' || :pid || ' ' || g)::bytea), 'hex'), 'bench-' || :pid
from generate_series(1, :items) g join b_src s on s.idx = g % 20;

insert into project_item (project_id, article_id, capacity, active_count, submitted_count, imported_count)
select :pid, id, :k, :k, :k, :k from article where story_key = 'bench-' || :pid order by id;

create temp table b_item as
select id, article_id, row_number() over (order by position) as rn from project_item where project_id = :pid;

insert into assignment (project_id, item_id, article_id, annotator_id, status, imported, ended_at)
select :pid, i.id, i.article_id, u.id, 'submitted', true, now()
from b_item i cross join generate_series(0, :k - 1) j join b_user u on u.idx = (i.rn + j) % :pool;

insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label)
select s.id, :pid, s.article_id, s.annotator_id, :lid,
       (array['pro', 'neutral', 'anti'])[case when random() < 0.8 then (i.rn % 3)::int + 1
                                             else floor(random() * 3)::int + 1 end]
from assignment s join b_item i on i.id = s.item_id
where s.project_id = :pid and random() >= 0.1;

analyze article; analyze project_item; analyze assignment; analyze annotation;
select :pid as project_id, (select count(*) from annotation where project_id = :pid) as annotations;
