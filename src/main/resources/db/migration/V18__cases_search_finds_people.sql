-- Search that finds people: besides subject, description and respondent, the reference, the order number and —
-- unless the complainant is confidential (保密) — their name, e-mail address and phone, in one text indexed for
-- substring search with trigrams (GIN): a phone fragment of 4 digits, an address, a reference or an order number
-- is found among 100,000 cases in milliseconds. Script does not matter: the query is looked for as typed, in
-- simplified and in traditional characters (core/cases/CaseSearch). The expression must match CaseSearch.TEXT
-- exactly for the planner to use the index.
DROP INDEX IF EXISTS complaint_case_search_idx;
CREATE INDEX complaint_case_search_idx ON complaint_case USING gin (
    (reference || ' ' || coalesce(subject, '') || ' ' || coalesce(description, '') || ' '
        || coalesce(respondent_name, '') || ' ' || coalesce(product ->> 'orderNumber', '') || ' '
        || CASE WHEN complainant ->> 'confidential' = 'true' THEN ''
                ELSE coalesce(complainant ->> 'name', '') || ' ' || coalesce(complainant_email, '') || ' '
                     || coalesce(complainant_phone, '') END) gin_trgm_ops);
