-- Per-item figures the review queue pages over (#13.3, docs/review.md "Stored figures"), kept up to date in the
-- transaction of every write that changes an item's submitted work (queue submit, every import) by
-- review/ItemFigureStore, the one place that recomputes an item's rows.
--
-- What is stored is what does not depend on the rest of the layer: the document α of an item is
-- 1 - D_o(u) / D_e, and D_e belongs to the whole layer, so a row keeps the item's own sufficient statistics (its m_u
-- values, their counts per label, and D_o(u) itself where δ² is fixed by the labels: nominal, interval, ratio) and
-- layer_pairable keeps the layer's pairable-value counts n_c, from which D_e follows. α is computed when read, so a
-- page shows exactly the figure of a pass over the work, whatever was submitted elsewhere in the layer since.

-- One row per (item with submitted work, layer of its project).
create table item_figure (
    item_id     bigint  not null references project_item (id) on delete cascade,
    layer_id    bigint  not null references layer (id) on delete cascade,
    project_id  bigint  not null,
    article_id  bigint  not null,
    source_id   bigint  not null,
    -- project_item.position: the queue order that breaks ties
    position    bigint  not null,
    -- annotators with submitted work on the item (the span figure's annotators)
    raters      integer not null,
    -- document layers: the item's values on the layer (m_u) and their counts per label, {"label": n}
    value_count integer not null default 0,
    counts      jsonb,
    -- document layers: D_o(u) where δ² does not depend on the layer's marginals (not ordinal); null when m_u < 2
    observed    double precision,
    -- span layers: mean pairwise span F1, overlap matching and exact; null with fewer than two raters
    f1          double precision,
    f1_exact    double precision,
    -- ascending = most disagreement first: -D_o(u) (α falls as D_o rises; D_e is the same for every item of the
    -- layer) or F1; null where the order needs the layer's marginals (ordinal) or the figure is undefined
    sort_key    double precision,
    updated_at  timestamptz not null default now(),
    primary key (item_id, layer_id)
);
-- The review queue's page: one layer's rows in figure order, then queue order (index range read, LIMIT).
create index item_figure_page_idx on item_figure (layer_id, sort_key, position) include (item_id);
create index item_figure_source_idx on item_figure (layer_id, source_id, sort_key, position) include (item_id);
-- Undefined rows and counts in queue order.
create index item_figure_position_idx on item_figure (layer_id, position) include (item_id, sort_key);

-- n_c of each document layer: how many values of each label are on items with at least two values on the layer.
-- Updated by the difference between an item's old and new row, in the same transaction, after the item's rows.
create table layer_pairable (
    layer_id  bigint not null references layer (id) on delete cascade,
    label     text   not null,
    n         bigint not null,
    primary key (layer_id, label)
);

-- Which projects have figures for their current layers: layers_key is a digest of the project's layers (ids, scope,
-- measurement, labels in order; ItemFigureStore.layersKey) taken at the start of the last rebuild. A project filled by SQL (the bench) or migrated from before V46 has no row, and a
-- project whose layers changed since has another key; its first review read rebuilds it (or POST
-- /api/v1/projects/{id}/item-figures/rebuild does, as the bench calls after its SQL fill).
create table item_figure_project (
    project_id  bigint      not null primary key references project (id) on delete cascade,
    layers_key  text        not null,
    built_at    timestamptz not null default now()
);
