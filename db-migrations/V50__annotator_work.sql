-- Counted work per (project, round, annotator, source) for the annotators page (#13, docs/review.md "Annotators
-- page"): how many items each annotator did, overall and per source. Counting them from the assignments at read time
-- took a hash join to article and an aggregate over every assignment of the project (1.0-1.2 s of the page's 3-4 s
-- on the 1M bench, as much as /agreement's whole computation); reading this table is an index read of 400 rows there.
--
-- Kept by statement triggers on assignment, in the transaction of the write, so that every path that changes what
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

-- +1 per new row whose work counts, -1 per old one (an update brings both, so a row whose status and round did not
-- change nets 0 and is dropped), grouped by the article's source. Upserts in key order, so that two writers lock the
-- rows they share in the same order. A delete only lowers existing rows: in a project's cascade the counts' own rows
-- may already be gone, and inserting them again would break their foreign key.
-- plpgsql binds names when a branch first runs, so each branch names only the transition tables its event has, and
-- work_counts, created by the repeatable migration after this one on a fresh database, is looked up at run time.
create function annotator_work_move() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into annotator_work (project_id, round, annotator_id, source_id, done)
        select n.project_id, n.round, n.annotator_id, a.source_id, count(*)
        from new_rows n join article a on a.id = n.article_id
        where work_counts(n.status, n.round, n.round)
        group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (project_id, round, annotator_id, source_id)
            do update set done = annotator_work.done + excluded.done;
    elsif tg_op = 'UPDATE' then
        insert into annotator_work (project_id, round, annotator_id, source_id, done)
        select w.project_id, w.round, w.annotator_id, a.source_id, sum(w.sign)
        from (select n.project_id, n.round, n.annotator_id, n.article_id, 1 as sign from new_rows n
              where work_counts(n.status, n.round, n.round)
              union all
              select o.project_id, o.round, o.annotator_id, o.article_id, -1 from old_rows o
              where work_counts(o.status, o.round, o.round)) w
        join article a on a.id = w.article_id
        group by 1, 2, 3, 4 having sum(w.sign) <> 0 order by 1, 2, 3, 4
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

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers, and not with a column
-- list, so the update trigger sees every update (heartbeats too; those rows are leases and net nothing).
create trigger annotator_work_insert after insert on assignment
    referencing new table as new_rows for each statement execute function annotator_work_move();
create trigger annotator_work_update after update on assignment
    referencing old table as old_rows new table as new_rows for each statement execute function annotator_work_move();
create trigger annotator_work_delete after delete on assignment
    referencing old table as old_rows for each statement execute function annotator_work_move();

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
