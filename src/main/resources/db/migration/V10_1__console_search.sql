-- Substring search of the desk console over subject, description, complainant name and respondent, in
-- Chinese as in English: a trigram GIN index answers LIKE '%…%' for patterns of 3 characters or more. Shorter
-- patterns (most Chinese words are 2 characters) cannot use it; the console then bounds the scan with its
-- other filters (ConsoleCaseQueries). Trigrams of Chinese text need a UTF-8 LC_CTYPE (C.UTF-8, zh_CN.UTF-8, …;
-- the embedded server is created so); on a C-locale database results stay right but the index is not used.
-- pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The expression must match ConsoleCaseQueries.SEARCH_TEXT exactly for the planner to use the index. A
-- confidential (保密) complainant's name is left out: searching by it would tell who complained.
CREATE INDEX complaint_case_search_idx ON complaint_case USING gin (
    (coalesce(subject, '') || ' ' || coalesce(description, '') || ' '
        || CASE WHEN complainant ->> 'confidential' = 'true' THEN '' ELSE coalesce(complainant ->> 'name', '') END
        || ' ' || coalesce(respondent_name, '')) gin_trgm_ops);
