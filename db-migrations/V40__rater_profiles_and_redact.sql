-- Rater profiles and blind texts (SPEC §8). A project declares the attributes its raters are described by
-- (e.g. [{"name": "lean", "values": ["left", "center", "right"]}]); each member's values live in
-- project_member.profile (V20). A source lists the strings that give it away (name, domain, bylines); a blind
-- project masks them in every text an annotator receives.

alter table project add column rater_attributes jsonb not null default '[]'::jsonb
    check (jsonb_typeof(rater_attributes) = 'array');

alter table source add column redact text[] not null default '{}'
    check (cardinality(redact) <= 200);
