-- Time on task (SPEC §8): how long a rater actually worked on an assignment. Each claim, heartbeat and submit is a
-- sign of life; the gap since the previous one counts as active when it is no longer than the heartbeat interval
-- (crosscheck.queue.heartbeat-interval), so a lease left open over lunch adds nothing (R__queue_functions.sql,
-- queue_act). Imported work has no such signs: its active time is unknown, not zero (the API shows null).

alter table assignment add column active_ms bigint not null default 0 check (active_ms >= 0);
-- The last sign of life: null on rows older than this migration; every new lease starts with its claim.
alter table assignment add column last_seen_at timestamptz;
alter table assignment alter column last_seen_at set default now();
