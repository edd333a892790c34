-- The work queue's state changes, run inside PostgreSQL: each queue call of the API is one round trip and one
-- transaction (QueueService calls these functions; docs/performance-queue.md explains the guarantees).
-- This is a Flyway *repeatable* migration: it is re-applied whenever its text changes, so edit it in place.
-- A function whose result columns change must be dropped first (create or replace cannot change them).

-- ---- What counts: one definition each (docs/work.md) --------------------------------------------------------------
-- Every reader and writer of the queue, annotations, review, reliability, agreement and export asks these functions
-- instead of spelling the rule out again, and all of them run on the database clock (now(), the transaction's start),
-- never on an application server's clock. They are LANGUAGE SQL one-liners, so the planner inlines them: a call costs
-- nothing, and an index whose predicate is "status = 'leased'" still matches.

-- A live lease: leased, and its expiry not yet passed. A lease whose expiry has passed is overdue even before a claim
-- marks it expired; it no longer lets its holder write, and it no longer holds its item back from being complete.
create or replace function lease_is_live(p_status text, p_expires_at timestamptz) returns boolean
language sql stable parallel safe as $$ select p_status = 'leased' and p_expires_at >= now() $$;

-- Leased but past its expiry: what queue_expire_overdue marks expired (the complement of lease_is_live among leases).
create or replace function lease_is_overdue(p_status text, p_expires_at timestamptz) returns boolean
language sql stable parallel safe as $$ select p_status = 'leased' and p_expires_at < now() $$;

-- The status an assignment is shown with: an overdue lease reads 'expired' before any claim has marked it so.
create or replace function assignment_state(p_status text, p_expires_at timestamptz) returns text
language sql stable parallel safe as $$
    select case when p_status = 'leased' and p_expires_at < now() then 'expired' else p_status end $$;

-- Submitted work of a round, the only work any figure counts: an assignment of round p_wanted submitted through the
-- queue or loaded by an import (imported work is stored as submitted, round 1). Leased, skipped and expired
-- assignments and their annotations never count. Two-round projects (V49) keep each rater's revision as a round-2
-- assignment beside the round-1 one, so every figure says which round it counts: round 1 (the independent
-- judgements) unless a reader asks for round 2 (WorkRules.workCounts). The one-argument form of before is gone on
-- purpose: a query that still spelled it would count revisions as extra raters.
drop function if exists work_counts(text);
create or replace function work_counts(p_status text, p_round smallint, p_wanted integer) returns boolean
language sql immutable parallel safe as $$ select p_status = 'submitted' and p_round = p_wanted $$;

-- A complete item, the one the review queue lists and the export's status=complete writes: k submitted assignments
-- (submitted_count, raised by queue submits and by imports while a slot is free), or work that came in by import
-- (imported_count, V35) with no live lease on the item. active_count - submitted_count is the number of leases not
-- yet ended (live or overdue), so when it is 0 no assignment needs to be read.
-- The lease probe is a function of its own so that item_is_complete has no subquery: PostgreSQL inlines only SQL
-- functions without one, and an inlined item_is_complete costs a comparison of counters per item (a count of a
-- 222,222-item project's complete items: 150 ms instead of 735 ms); the probe runs only for imported items with a
-- lease not yet ended.
create or replace function item_has_live_lease(p_item bigint) returns boolean
language sql stable parallel safe as $$
    select exists (select 1 from assignment a
                   where a.item_id = p_item and a.round = 1 and lease_is_live(a.status, a.lease_expires_at)) $$;
create or replace function item_is_complete(p_item bigint, p_capacity integer, p_active integer, p_submitted integer,
                                            p_imported integer) returns boolean
language sql stable parallel safe as $$
    select p_submitted >= p_capacity
        or (p_imported > 0 and (p_active = p_submitted or not item_has_live_lease(p_item))) $$;

-- Where an item stands, for the project dashboard: 'control' (a control item: its capacity is unbounded, so it is
-- never complete and never unfinished work either; SPEC §8), 'complete' (item_is_complete), 'in_progress' (some
-- round-1 work leased or submitted), 'untouched'.
create or replace function item_stage(p_control boolean, p_item bigint, p_capacity integer, p_active integer,
                                      p_submitted integer, p_imported integer) returns text
language sql stable parallel safe as $$
    select case when p_control then 'control'
                when item_is_complete(p_item, p_capacity, p_active, p_submitted, p_imported) then 'complete'
                when p_active > 0 then 'in_progress'
                else 'untouched' end $$;

-- A control item is served (and counted as open to a rater) only while the project's control rate is above 0 and
-- regular work remains for the rater: a queue ending in a run of controls would give them away (SPEC §8). queue_claim
-- decides with it and the caller's progress (SchemaService, WorkRules.controlsServed) counts with it, so
-- progress.available never promises a control the queue will not serve.
create or replace function controls_served(p_control_rate double precision, p_regular_remains boolean) returns boolean
language sql immutable parallel safe as $$ select p_control_rate > 0 and p_regular_remains $$;
-- ---- end of what counts -------------------------------------------------------------------------------------------

-- Marks a project's overdue leases expired, frees their slots and writes one audit row per expiry. Runs at the start
-- of every claim of the project; the exists() probe walks the partial index assignment_lease_expiry_idx, so it costs
-- one index descent when nothing is overdue. Concurrent claims meeting the same overdue row block on its row lock and
-- then see it is no longer leased, so a slot is never freed twice.
create or replace function queue_expire_overdue(p_project bigint) returns void
language plpgsql as $$
begin
    if not exists (select 1 from assignment a
                   where a.project_id = p_project and lease_is_overdue(a.status, a.lease_expires_at)) then
        return;
    end if;
    with expired as (
        update assignment set status = 'expired', lease_expires_at = null, ended_at = now()
        where project_id = p_project and lease_is_overdue(status, lease_expires_at)
        returning id, item_id, annotator_id, project_id, round
    ), freed as (
        -- round-2 leases hold no slot of the item (V49), so only round-1 expiries free one
        update project_item i set active_count = i.active_count - e.n
        from (select item_id, count(*) as n from expired where round = 1 group by item_id) e
        where i.id = e.item_id
    )
    insert into audit_event (actor_id, action, entity, entity_id, project_id, detail)
    select null, 'expire', 'assignment', e.id, e.project_id,
           jsonb_build_object('annotatorId', e.annotator_id, 'itemId', e.item_id)
    from expired e;
end $$;

-- ---- Balanced panels (project.panel_balance_by, V41) ----------------------------------------------------------
-- Whether a rater whose balanceBy value is p_value fits item p_item's panel, the attribute having p_values declared
-- values: only while p_value is among the least represented values on the item's live and submitted assignments
-- (a value absent from the item counts 0). Claiming one of the least represented keeps every pair of values within
-- one of each other, so k raters have pairwise different values while values remain (SPEC §8). The item's rows are a
-- few, found through assignment_once_per_annotator (item_id, ...). Round-2 assignments (V49) carry no panel value, so
-- they never count twice. Callers hold the item's row lock before they rely
-- on the answer (queue_claim's guarded update): every change of an item's assignments updates that row too.
create or replace function queue_panel_fits(p_item bigint, p_value text, p_values integer) returns boolean
language sql stable as $$
    select coalesce(sum(c.n) filter (where c.v = p_value), 0)
           <= case when count(*) < p_values then 0 else coalesce(min(c.n), 0) end
    from (select a.panel_value as v, count(*) as n from assignment a
          where a.item_id = p_item and a.status in ('leased', 'submitted') and a.panel_value is not null
          group by a.panel_value) c
$$;
-- ---- end of balanced panels -------------------------------------------------------------------------------------

-- The first open item of a random-order project that the annotator never had, with (shuffle_key, id) after
-- (p_after_key, p_after_id) and shuffle_key below p_before_key, in shuffled order, locked FOR NO KEY UPDATE SKIP LOCKED.
-- One range scan of project_item_open_rnd_idx; queue_claim strings a few of these together into the annotator's lap.
drop function if exists queue_random_candidate(bigint, bigint, integer, bigint, bigint);
create or replace function queue_random_candidate(p_project bigint, p_annotator bigint, p_after_key integer,
                                                  p_after_id bigint, p_before_key bigint,
                                                  p_panel_value text, p_panel_values integer) returns bigint
language plpgsql as $$
-- PL/pgSQL rather than SQL: a PL/pgSQL statement's plan is kept for the session, a SQL function's only for one call.
declare
    v_item bigint;
begin
    select i.id into v_item from project_item i
    where i.project_id = p_project and not i.is_full
      and (i.shuffle_key, i.id) > (p_after_key, p_after_id) and i.shuffle_key < p_before_key and not i.is_control
      and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id + 0 = p_annotator offset 0)
      and (p_panel_values is null or i.active_count = 0 or queue_panel_fits(i.id, p_panel_value, p_panel_values))
    order by i.shuffle_key, i.id
    limit 1
    for no key update of i skip locked;
    return v_item;
end $$;

-- Takes a slot for the annotator and creates the lease; returns the new assignment id, or null when no item is left
-- that this annotator never had.
--
-- The candidate is the first open item in the project's order that the annotator never had, locked FOR NO KEY UPDATE
-- SKIP LOCKED (no key update: it excludes other claims, skips and submits on the item, but not the KEY SHARE locks of
-- foreign-key checks). Full items are not in the open partial indexes, so the cost does not grow with the project.
--   sequential: the first such item by insertion position (project_item_open_seq_idx).
--   random: the project's shuffled order (shuffle_key, id) is one cycle; each annotator does a lap of it starting at
--     its rotation point p_rotation. The walk continues after the item of the annotator's latest assignment in the
--     project (its cursor), not from the start of the lap: the items it already had are still open while the other
--     annotators, who start elsewhere, have not reached them, and walking past them made every claim cost as much as
--     the annotator's history (measured: 1.7 ms of database time per claim and rising, 10 s into a run). Items left
--     behind the cursor (skipped while another claim held them, or added later) are picked up when nothing is ahead.
--
-- SKIP LOCKED can pass over the only free items while other claims hold them for a moment, so "no candidate" is
-- checked once more without locks; if open items remain it tries again, and after three such misses it waits for the
-- row lock instead of skipping it. Only then is the queue empty for this annotator. A candidate lost to a concurrent
-- claim at the guarded update is not a miss (balanced panels make that common: every rater of one lean races for the
-- same first item that lacks their lean; counting it as a miss gave spurious 204s in the claim bench). The
-- active_count guard re-checks the locked row: a concurrent commit may have filled it.
--
-- Balanced panels: p_panel_values is the number of values of the project's balanceBy attribute (null: no panel) and
-- p_panel_value the claiming rater's value; every candidate query skips items the rater does not fit
-- (queue_panel_fits; an untouched item always fits, so that probe is skipped for it), and the guarded update re-checks
-- it under the row lock. An item nobody fitting is left for simply waits for a rater who fits.
--
-- "a.annotator_id + 0": the had-it probe must use assignment_once_per_annotator by item (a few rows per item). With
-- stale statistics the planner once chose the annotator index instead and read the annotator's whole history per
-- candidate; "+ 0" takes that index out of the running. "offset 0" keeps the probe a per-candidate subplan rather than
-- an anti-join over all of the annotator's assignments.
drop function if exists queue_claim(bigint, bigint, bigint, boolean, integer);
drop function if exists queue_claim(bigint, bigint, bigint, boolean, integer, text, integer);
create or replace function queue_claim(p_project bigint, p_annotator bigint, p_lease_ms bigint,
                                       p_random boolean, p_rotation integer,
                                       p_panel_value text, p_panel_values integer,
                                       p_control_rate double precision) returns bigint
language plpgsql as $$
declare
    -- "Above every shuffle_key" (they are integers below 2^31 - 1) and "below every (shuffle_key, id)".
    c_end  constant bigint := 2147483648;
    v_item       bigint;
    v_article    bigint;
    v_assignment bigint;
    v_cursor_key integer;
    v_cursor_id  bigint;
    -- The lap as ranges, in walking order: (shuffle_key, id) after (after_key, after_id), shuffle_key below before_key.
    v_after_key  integer[];
    v_after_id   bigint[];
    v_before_key bigint[];
    v_misses     integer := 0;
begin
    if p_random then
        select i.shuffle_key, i.id into v_cursor_key, v_cursor_id
        from project_item i
        where i.id = (select a.item_id from assignment a
                      where a.annotator_id = p_annotator and a.project_id = p_project and a.round = 1
                      order by a.id desc limit 1);
        if v_cursor_key is null then
            -- first claim: [rotation, end) then [start, rotation)
            v_after_key := array[p_rotation, -1];  v_after_id := array[-1, -1]; v_before_key := array[c_end, p_rotation];
        elsif v_cursor_key >= p_rotation then
            -- ahead: (cursor, end) and [start, rotation); behind: [rotation, cursor]
            v_after_key := array[v_cursor_key, -1, p_rotation];  v_after_id := array[v_cursor_id, -1, -1];
            v_before_key := array[c_end, p_rotation, v_cursor_key + 1];
        else
            -- ahead: (cursor, rotation); behind: [rotation, end) and [start, cursor]
            v_after_key := array[v_cursor_key, p_rotation, -1];  v_after_id := array[v_cursor_id, -1, -1];
            v_before_key := array[p_rotation, c_end, v_cursor_key + 1];
        end if;
    end if;
    -- Control items: with probability p_control_rate (0 when the project has none), and never twice in a row, the
    -- claim is a control the rater never had, while controls_served (regular work remains for them). The payload is
    -- the same as any item's.
    if random() < p_control_rate
       and not coalesce((select i.is_control from assignment a join project_item i on i.id = a.item_id
                         where a.annotator_id = p_annotator and a.project_id = p_project
                         order by a.id desc limit 1), false)
       and controls_served(p_control_rate, exists (select 1 from project_item i
                   where i.project_id = p_project and not i.is_full and not i.is_control
                     and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id + 0 = p_annotator offset 0)
                     and (p_panel_values is null or i.active_count = 0 or queue_panel_fits(i.id, p_panel_value, p_panel_values)))) then
        select i.id into v_item from project_item i
        where i.project_id = p_project and i.is_control
          and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id + 0 = p_annotator offset 0)
        order by i.position
        limit 1
        for no key update of i skip locked;
        if v_item is not null then
            update project_item i set active_count = i.active_count + 1 where i.id = v_item
            returning i.article_id into v_article;
            insert into assignment (project_id, item_id, article_id, annotator_id, status, leased_at, lease_expires_at)
            values (p_project, v_item, v_article, p_annotator, 'leased', now(), now() + p_lease_ms * interval '1 millisecond')
            returning id into v_assignment;
            return v_assignment;
        end if;
    end if;
    -- v_misses counts the searches that found nothing unlocked; a candidate whose guarded update then fails (a
    -- concurrent claim took the slot, or the panel value it needed) is no miss: somebody made progress, look again.
    -- The bound only stops a runaway loop; each turn costs a concurrent claim its slot.
    for step in 1..1000 loop
        v_item := null;
        if v_misses < 3 and not p_random then
            select i.id into v_item from project_item i
            where i.project_id = p_project and not i.is_full and not i.is_control
              and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id + 0 = p_annotator offset 0)
              and (p_panel_values is null or i.active_count = 0 or queue_panel_fits(i.id, p_panel_value, p_panel_values))
            order by i.position
            limit 1
            for no key update of i skip locked;
        elsif v_misses < 3 then
            for r in 1..array_length(v_after_key, 1) loop
                v_item := queue_random_candidate(p_project, p_annotator, v_after_key[r], v_after_id[r], v_before_key[r],
                                                 p_panel_value, p_panel_values);
                exit when v_item is not null;
            end loop;
        end if;
        if v_item is null then
            -- Nothing unlocked: is anything left at all (locked by someone, or not)?
            select i.id into v_item from project_item i
            where i.project_id = p_project and not i.is_full and not i.is_control
              and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id + 0 = p_annotator offset 0)
              and (p_panel_values is null or i.active_count = 0 or queue_panel_fits(i.id, p_panel_value, p_panel_values))
            limit 1;
            if v_item is null then
                return null;
            end if;
            v_misses := v_misses + 1;
            if v_misses < 4 then
                continue;
            end if;
            -- Searched three times in vain: wait for whoever holds it, then take it if it still has room.
            perform 1 from project_item i where i.id = v_item for no key update;
        end if;
        -- The row is locked by now, so this statement's fresh snapshot sees every committed claim on the item: the
        -- capacity and the panel balance are checked on the truth, not on what the candidate scan saw.
        update project_item i set active_count = i.active_count + 1
        where i.id = v_item and i.active_count < i.capacity
          and (p_panel_values is null or queue_panel_fits(i.id, p_panel_value, p_panel_values))
        returning i.article_id into v_article;
        if found then
            insert into assignment (project_id, item_id, article_id, annotator_id, status, leased_at, lease_expires_at,
                                    panel_value)
            values (p_project, v_item, v_article, p_annotator, 'leased', now(), now() + p_lease_ms * interval '1 millisecond',
                    p_panel_value)
            returning id into v_assignment;
            return v_assignment;
        end if;
    end loop;
    return null;
end $$;

-- ---- Members (project_member, V20) ----------------------------------------------------------------------------
-- Whether the annotator may claim work in the project: a member, or anyone in an 'open' project, who is then recorded
-- as a member on this first claim (so the members list shows who works there, and rater profiles have a row).
-- Called by queue_next under its per-(project, annotator) advisory lock, the lock queue_remove_member takes too.
create or replace function queue_admits(p_project bigint, p_annotator bigint, p_open boolean) returns boolean
language plpgsql as $$
begin
    if exists (select 1 from project_member m where m.project_id = p_project and m.user_id = p_annotator) then
        return true;
    end if;
    if not p_open then
        return false;
    end if;
    insert into project_member (project_id, user_id) values (p_project, p_annotator) on conflict do nothing;
    return true;
end $$;

-- Removes a member and ends their live lease in the project (its slot is freed, audited as 'release'); submitted work
-- stays. Takes queue_next's advisory lock first, so a claim in flight either finishes before (and its lease is ended
-- here) or runs after and finds no membership. Returns false when the user was not a member.
create or replace function queue_remove_member(p_project bigint, p_user bigint, p_actor bigint) returns boolean
language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtextextended('queue:' || p_project || ':' || p_user, 0));
    delete from project_member m where m.project_id = p_project and m.user_id = p_user;
    if not found then
        return false;
    end if;
    with released as (
        update assignment a set status = 'expired', lease_expires_at = null, ended_at = now()
        where a.project_id = p_project and a.annotator_id = p_user and a.status = 'leased'
        returning a.id, a.item_id, a.project_id, a.round
    ), freed as (
        update project_item i set active_count = i.active_count - 1
        from released r where i.id = r.item_id and r.round = 1
    )
    insert into audit_event (actor_id, action, entity, entity_id, project_id, detail)
    select p_actor, 'release', 'assignment', r.id, r.project_id,
           jsonb_build_object('annotatorId', p_user, 'itemId', r.item_id, 'reason', 'member removed')
    from released r;
    return true;
end $$;
-- ---- end of members ---------------------------------------------------------------------------------------------

-- ---- Two rounds (project.rounds = 2, V49) -----------------------------------------------------------------------
-- The rater's round 2 on the first item (queue order) whose panel has submitted (item_is_complete, the same
-- definition the review queue and the dashboard use) among their submitted round-1 assignments still due a revision
-- (assignment.revision_due, set by their submit; the partial index holds only these, so the cost is the rater's items
-- in flight, not their history). The lease is an assignment of round 2 that takes no slot of the item; it starts as a
-- copy of the rater's round-1 annotations, so keeping the judgement is a submit as it stands and revising edits the
-- copy, while round 1 stays as it was. Called by queue_next under the per-(project, annotator) advisory lock;
-- assignment_once_per_annotator (item, annotator, round) makes a second round-2 assignment impossible anyway. Like any
-- lease it can be skipped or expire: then that rater's round 2 on the item is over and their round-1 judgement stands
-- (an item is never handed to the same annotator twice in a round).
create or replace function queue_round_two(p_project bigint, p_annotator bigint, p_lease_ms bigint) returns bigint
language plpgsql as $$
declare
    v_first assignment%rowtype;
    v_id    bigint;
begin
    select a.* into v_first from assignment a join project_item i on i.id = a.item_id
    where a.project_id = p_project and a.annotator_id = p_annotator and a.revision_due
      and item_is_complete(i.id, i.capacity, i.active_count, i.submitted_count, i.imported_count)
    order by i.position, i.id
    limit 1;
    if not found then
        return null;
    end if;
    update assignment set revision_due = false where id = v_first.id;
    insert into assignment (project_id, item_id, article_id, annotator_id, status, leased_at, lease_expires_at, round)
    values (p_project, v_first.item_id, v_first.article_id, p_annotator, 'leased', now(),
            now() + p_lease_ms * interval '1 millisecond', 2)
    returning id into v_id;
    insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label, start_offset,
                            end_offset, quote, attributes)
    select v_id, n.project_id, n.article_id, n.annotator_id, n.layer_id, n.label, n.start_offset, n.end_offset,
           n.quote, n.attributes
    from annotation n where n.assignment_id = v_first.id order by n.id;
    return v_id;
end $$;
-- ---- end of two rounds -------------------------------------------------------------------------------------------

-- Why an item has more raters than k (escalation, V44/V49), as the review queue and the exports say it, e.g.
-- "escalated: per-item α 0.2 < 0.5 on reliability; 3 raters" or, after two additions, "escalated 2 times: per-item α
-- 0, 0.333 < 0.5 on reliability; 4 raters"; null when the item was never escalated. p_agreements are the figures that
-- triggered each addition (project_item.escalation_agreements), p_raters the item's capacity.
create or replace function item_escalation_reason(p_escalations integer, p_agreements double precision[],
                                                  p_raters integer, p_layer text, p_below double precision,
                                                  p_span boolean) returns text
language sql immutable parallel safe as $$
    select case when p_escalations > 0 then
        'escalated' || case when p_escalations > 1 then ' ' || p_escalations || ' times' else '' end
        || ': per-item ' || case when p_span then 'span F1' else 'α' end || ' '
        || coalesce((select string_agg(trim_scale(round(x::numeric, 3))::text, ', ' order by o)
                     from unnest(p_agreements) with ordinality as u(x, o)), '?')
        || ' < ' || p_below || ' on ' || p_layer || '; ' || p_raters || ' raters' end $$;

-- queue/next: the annotator's live lease in the project, or a new one, with the article to label.
-- outcome: 'lease' (the other columns are set), 'empty' (nothing left for this annotator), 'no_project'.
-- The advisory lock serialises next() per (project, annotator) across app instances, so a second call sees the first
-- one's lease; the partial unique index assignment_one_lease_idx makes a second live lease impossible anyway.
-- schema_version tells the caller which version of the layers to hand out with the lease (SchemaService caches them);
-- source_redact the strings a blind project masks in the title and text (QueueService, sources/Redaction).
drop function if exists queue_next(bigint, bigint, bigint, integer);
create function queue_next(p_project bigint, p_annotator bigint, p_lease_ms bigint, p_rotation integer)
returns table (outcome text, assignment_id bigint, article_id bigint, title text, body text, length integer,
               source_id bigint, source_name text, source_domain text, lease_expires_at timestamptz,
               blind boolean, schema_version integer, source_redact text[], round smallint)
language plpgsql as $$
#variable_conflict use_column
declare
    v_order      text;
    v_access     text;
    v_schema     integer;
    v_assignment bigint;
    v_balance_by text;
    v_attributes jsonb;
    v_panel_value  text;
    v_panel_values integer;
    v_control_rate_set double precision;
    v_control_rate     double precision := 0;
    v_rounds     smallint;
begin
    select p.blind_sources, p.item_order, p.access, p.schema_version, p.panel_balance_by, p.rater_attributes,
           p.control_rate, p.rounds
    into blind, v_order, v_access, v_schema, v_balance_by, v_attributes, v_control_rate_set, v_rounds
    from project p where p.id = p_project;
    if not found then
        outcome := 'no_project';
        return next;
        return;
    end if;
    perform pg_advisory_xact_lock(hashtextextended('queue:' || p_project || ':' || p_annotator, 0));
    -- A non-member is told the project does not exist (under the lock: a member removal cannot slip in between).
    if not queue_admits(p_project, p_annotator, v_access = 'open') then
        outcome := 'no_project';
        return next;
        return;
    end if;
    perform queue_expire_overdue(p_project);
    select a.id into v_assignment from assignment a
    where a.project_id = p_project and a.annotator_id = p_annotator and lease_is_live(a.status, a.lease_expires_at);
    -- Two rounds: a revision that is due comes before new work, while the item is fresh in the rater's mind (and it
    -- needs no panel fit: the rater is already on the panel).
    if v_assignment is null and v_rounds = 2 then
        v_assignment := queue_round_two(p_project, p_annotator, p_lease_ms);
    end if;
    if v_assignment is null and v_balance_by is not null then
        -- A balanced panel: the rater's value of the attribute, and how many values it has. A rater without a
        -- value fits no panel, so the queue is empty for them until a supervisor sets their profile.
        select m.profile ->> v_balance_by into v_panel_value
        from project_member m where m.project_id = p_project and m.user_id = p_annotator;
        select jsonb_array_length(x -> 'values') into v_panel_values
        from jsonb_array_elements(v_attributes) x where x ->> 'name' = v_balance_by;
        if v_panel_value is null or v_panel_values is null then
            outcome := 'empty';
            return next;
            return;
        end if;
    end if;
    if v_assignment is null then
        if exists (select 1 from project_item i where i.project_id = p_project and i.is_control) then
            v_control_rate := v_control_rate_set;
        end if;
        v_assignment := queue_claim(p_project, p_annotator, p_lease_ms, v_order = 'random', p_rotation,
                                    v_panel_value, v_panel_values, v_control_rate);
    end if;
    if v_assignment is null then
        outcome := 'empty';
        return next;
        return;
    end if;
    return query
        select 'lease', a.id, a.article_id, ar.title, ar.text, ar.length, s.id, s.name, s.domain,
               a.lease_expires_at, blind, v_schema, s.redact, a.round
        from assignment a join article ar on ar.id = a.article_id join source s on s.id = ar.source_id
        where a.id = v_assignment;
end $$;

-- Milliseconds of a gap between two signs of life that count as work: all of it up to p_idle_ms, none beyond.
create or replace function queue_active_gap_ms(p_since timestamptz, p_idle_ms bigint) returns bigint
language sql stable as $$
    select case when p_since is null then 0
                when now() - p_since <= p_idle_ms * interval '1 millisecond'
                    then (extract(epoch from now() - p_since) * 1000)::bigint
                else 0 end
$$;

-- heartbeat, skip or submit one's own assignment (p_action). The row is locked FOR UPDATE, the lock annotation writes
-- take, so a write racing a submit either commits before it or sees 'submitted'. outcome: 'ok' (the row after the
-- change), 'not_found' (no such assignment of this annotator), 'conflict' (status says why: submitted, skipped, or
-- expired when the lease ran out, marked or not). Skip and submit are audited with the annotator as actor.
-- state is the row's assignment_state after the change (what the API shows).
--
-- Time on task: heartbeat and submit add the gap since the last sign of life (the claim, or the previous heartbeat)
-- to active_ms when it is at most p_idle_ms (the heartbeat interval); a longer gap was idle and adds nothing.
drop function if exists queue_act(bigint, bigint, text, bigint);
drop function if exists queue_act(bigint, bigint, text, bigint, bigint);
create function queue_act(p_assignment bigint, p_annotator bigint, p_action text, p_lease_ms bigint, p_idle_ms bigint)
returns table (outcome text, id bigint, project_id bigint, item_id bigint, article_id bigint, annotator_id bigint,
               status text, imported boolean, leased_at timestamptz, lease_expires_at timestamptz,
               ended_at timestamptz, state text, active_ms bigint, round smallint)
language plpgsql as $$
#variable_conflict use_column
declare
    r assignment%rowtype;
begin
    select * into r from assignment a where a.id = p_assignment and a.annotator_id = p_annotator for update;
    if not found then
        outcome := 'not_found';
        return next;
        return;
    end if;
    if not coalesce(lease_is_live(r.status, r.lease_expires_at), false) then
        outcome := 'conflict';
        status := assignment_state(r.status, r.lease_expires_at);
        round := r.round;
        return next;
        return;
    end if;
    if p_action = 'heartbeat' then
        update assignment a set lease_expires_at = now() + p_lease_ms * interval '1 millisecond',
                                active_ms = a.active_ms + queue_active_gap_ms(a.last_seen_at, p_idle_ms),
                                last_seen_at = now()
        where a.id = r.id returning * into r;
    elsif p_action in ('skip', 'submit') then
        -- The item's counters first, then the status (whose trigger moves annotator_work, V50): the same lock order
        -- as an annotation import (items, then the counts), so a submit and an import on one item cannot deadlock.
        if r.round = 2 then
            null; -- a round-2 assignment holds no slot of the item: the item's counters describe its round-1 panel
        elsif p_action = 'skip' then
            update project_item i set active_count = i.active_count - 1 where i.id = r.item_id;
        else
            update project_item i set submitted_count = i.submitted_count + 1 where i.id = r.item_id;
        end if;
        update assignment a set status = case p_action when 'skip' then 'skipped' else 'submitted' end,
                                lease_expires_at = null, ended_at = now(),
                                active_ms = a.active_ms + case when p_action = 'submit'
                                    then queue_active_gap_ms(a.last_seen_at, p_idle_ms) else 0 end,
                                last_seen_at = now(),
                                -- a round-1 submit in a two-round project makes the rater's revision due (V49)
                                revision_due = p_action = 'submit' and a.round = 1
                                    and exists (select 1 from project p where p.id = a.project_id and p.rounds = 2)
        where a.id = r.id returning * into r;
        insert into audit_event (actor_id, action, entity, entity_id, project_id, detail)
        values (p_annotator, p_action, 'assignment', r.id, r.project_id,
                jsonb_build_object('itemId', r.item_id, 'articleId', r.article_id));
    else
        raise exception 'unknown queue action %', p_action;
    end if;
    return query select 'ok', r.id, r.project_id, r.item_id, r.article_id, r.annotator_id, r.status, r.imported,
                        r.leased_at, r.lease_expires_at, r.ended_at, assignment_state(r.status, r.lease_expires_at),
                        r.active_ms, r.round;
end $$;
