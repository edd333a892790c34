-- What an annotator reads to label well: a layer's guidelines (Markdown, the codebook) and each label's description
-- and suggested keyboard key. Changed through PUT /projects/{id}/layers like the rest of the schema (schema_version).
alter table layer add column guidelines text check (length(guidelines) <= 100000);
alter table layer_label add column description text check (length(description) <= 5000),
                        add column shortcut_key text check (char_length(shortcut_key) = 1);
-- A key picks one label of the layer. Checked at commit, so a schema change may swap two labels' keys.
alter table layer_label add constraint layer_label_key_unique unique (layer_id, shortcut_key) deferrable initially deferred;
