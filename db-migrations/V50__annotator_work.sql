-- Counted work per (project, round, annotator, source) for the annotators page (#13, docs/review.md "Annotators
-- page"): how many items each annotator did, overall and per source. Counting them from the assignments at read time
-- took a hash join to article and an aggregate over every assignment of the project (1.0-1.2 s of the page's 3-4 s
-- on the 1M bench, as much as /agreement's whole computation); reading this table is an index read of 400 rows there.
--
-- Kept by triggers on assignment, in the transaction of the write, so that every path that changes what
-- counts (queue submit, skip, expiry, every import, round 2, deletes by cascade) moves the counts without having to
-- know about them. What counts is work_counts() (R__queue_functions.sql) in the assignment's own round. Rows never
-- go away while the project exists; done = 0 is a row the reader skips. No check (done >= 0): PostgreSQL checks
-- the row an upsert proposes, which for a decrease is the negative delta, before it resolves the conflict.
create table annotator_work (
    project_id   bigint   not null references project (id) on delete cascade,
    round        smallint not null,
    annotator_id bigint   not null,
    source_id    bigint   not null,
    done         integer  not null,
    primary key (project_id, round, annotator_id, source_id)
);

-- Inserts and deletes come in bulk (imports, a project's cascade), so they are counted per statement: +1 per new
-- row whose work counts, -1 per old one, grouped by the article's source, upserted in key order (two writers lock the
-- rows they share in the same order). A delete only lowers existing rows: in a project's cascade the counts' own rows
-- may already be gone, and inserting them again would break their foreign key.
-- plpgsql binds names when a branch first runs, so each branch names only the transition table its event has, and
-- work_counts, created by the repeatable migration after this one on a fresh database, is looked up at run time.
create function annotator_work_statement() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into annotator_work (project_id, round, annotator_id, source_id, done)
        select n.project_id, n.round, n.annotator_id, a.source_id, count(*)
        from new_rows n join article a on a.id = n.article_id
        where work_counts(n.status, n.round, n.round)
        group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (project_id, round, annotator_id, source_id)
            do update set done = annotator_work.done + excluded.done;
    else
        update annotator_work c set done = c.done - d.n
        from (select o.project_id, o.round, o.annotator_id, a.source_id, count(*) as n
              from old_rows o join article a on a.id = o.article_id
              where work_counts(o.status, o.round, o.round)
              group by 1, 2, 3, 4 order by 1, 2, 3, 4) d
        where c.project_id = d.project_id and c.round = d.round and c.annotator_id = d.annotator_id
          and c.source_id = d.source_id;
    end if;
    return null;
end $$;

-- Updates come one at a time from the queue (heartbeat, submit, skip, expiry), so they are counted per row, and only
-- for rows whose status, round or keys change (the column list and WHEN): a heartbeat calls nothing. (The WHEN cannot
-- name work_counts: it is parsed now, before the repeatable migration creates it on a fresh database.) A statement
-- trigger would run for every heartbeat, as transition tables forbid a column list; in a psql loop of claim,
-- heartbeat and submit it cost about twice what this one does.
create function annotator_work_row() returns trigger language plpgsql as $$
begin
    if work_counts(old.status, old.round, old.round) then
        update annotator_work c set done = c.done - 1
        from article a
        where a.id = old.article_id and c.project_id = old.project_id and c.round = old.round
          and c.annotator_id = old.annotator_id and c.source_id = a.source_id;
    end if;
    if work_counts(new.status, new.round, new.round) then
        insert into annotator_work (project_id, round, annotator_id, source_id, done)
        select new.project_id, new.round, new.annotator_id, a.source_id, 1 from article a where a.id = new.article_id
        on conflict (project_id, round, annotator_id, source_id)
            do update set done = annotator_work.done + 1;
    end if;
    return null;
end $$;

create trigger annotator_work_insert after insert on assignment
    referencing new table as new_rows for each statement execute function annotator_work_statement();
create trigger annotator_work_delete after delete on assignment
    referencing old table as old_rows for each statement execute function annotator_work_statement();
create trigger annotator_work_update after update of status, round, project_id, annotator_id, article_id on assignment
    for each row
    when (old.status is distinct from new.status
          or old.round is distinct from new.round or old.project_id is distinct from new.project_id
          or old.annotator_id is distinct from new.annotator_id or old.article_id is distinct from new.article_id)
    execute function annotator_work_row();

-- The work already there. On a fresh database there is none, and work_counts does not exist yet.
do $$
begin
    if exists (select 1 from pg_proc where proname = 'work_counts') then
        insert into annotator_work (project_id, round, annotator_id, source_id, done)
        select s.project_id, s.round, s.annotator_id, a.source_id, count(*)
        from assignment s join article a on a.id = s.article_id
        where work_counts(s.status, s.round, s.round)
        group by 1, 2, 3, 4;
    end if;
end $$;
