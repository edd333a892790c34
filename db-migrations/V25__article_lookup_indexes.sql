-- Annotation imports from other tools find articles by text (sha256, whatever the source) and W3C imports by the
-- URL a target names; without these indexes each lookup would scan the article table.
create index article_sha256_idx on article (sha256);
create index article_url_idx on article (url) where url is not null;
