-- The LSH bands of cases that name no respondent, for the band probe of a case that names one: a known respondent
-- rules out a link with every case of another respondent, and the respondent probe brings the cases of its own, so
-- such a case needs only the cases without a respondent that share a band with it. A GIN look-up collects every
-- match before it returns the first, and on the whole table that is every case of the day told in the same words
-- (docs/features/dedup.md, "Rules").
CREATE INDEX dedup_case_bands_without_respondent_idx ON dedup_case USING gin (bands)
    WITH (gin_pending_list_limit = 128) WHERE respondent_base = '';

-- The same for places: a case that names a respondent probes only the places of cases that name none (a district or
-- a road is named by every trader on it). Filled for the places stored so far.
ALTER TABLE dedup_place ADD COLUMN names_respondent boolean NOT NULL DEFAULT false;
UPDATE dedup_place p SET names_respondent = true FROM dedup_case d WHERE d.case_id = p.case_id AND d.respondent_base <> '';
CREATE INDEX dedup_place_without_respondent_idx ON dedup_place (place_key, received_at DESC) INCLUDE (case_id)
    WHERE NOT names_respondent;

-- The keys a case typed without proving them: one or two a case, each typed by one person, so they go straight into
-- the index. A pending list saves little for two keys and is read from end to end by every look-up of a submission
-- naming them, inside its intake: 0.6 to 1.8 ms, for a look-up that finds nothing for nearly everyone.
ALTER INDEX dedup_case_claimed_keys_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('dedup_case_claimed_keys_idx'::regclass);
