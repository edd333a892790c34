-- Balanced panels (SPEC §8): "panel": {"balanceBy": "lean"} names a rater attribute with a closed list of values;
-- the queue claim then never gives an item a rater whose value would unbalance its panel (R__queue_functions.sql,
-- queue_panel_fits). Each assignment keeps the value its rater had when it was made, so a later profile change
-- cannot unbalance a panel after the fact, and the balance is checked on the item's own few assignment rows.

alter table project add column panel_balance_by text check (panel_balance_by ~ '^[A-Za-z0-9_.-]{1,100}$');

alter table assignment add column panel_value text;
