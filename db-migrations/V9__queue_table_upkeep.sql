-- The queue tables churn: every claim and submit updates a project_item row, and an item leaves the open partial
-- indexes when it fills. Until vacuum runs, the dead entries at the head of those indexes are what each claim walks
-- past (measured: a claim went from 12 buffers to 200 after a few thousand claims), and statistics gone stale while
-- assignment grew sent the claim's had-it probe to the wrong index. So: vacuum and analyze these two tables after
-- one or two per cent of change instead of PostgreSQL's default 20 %, and leave a fifth of each project_item page free
-- so that the counter updates stay HOT (a new row version on the same page, no new index entries).
alter table project_item set (fillfactor = 80,
                              autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                              autovacuum_analyze_scale_factor = 0.02);
alter table assignment set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
                            autovacuum_vacuum_insert_scale_factor = 0.02);
