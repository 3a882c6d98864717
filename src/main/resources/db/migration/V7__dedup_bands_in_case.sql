-- A case's MinHash LSH bands move from 16 rows of dedup_band into one array column of dedup_case, found
-- through a GIN index. Intake wrote 16 heap rows, 32 b-tree entries and 16 foreign-key checks per case for
-- them, the largest single share of its database work (BENCHMARKS.md); a GIN insert with fastupdate appends
-- the 16 keys to the index's pending list in one go.
--
-- A GIN index cannot be bounded by time as the (band_hash, received_at) b-tree was, so each band is stored
-- XOR the day (UTC, days since 1970) the case arrived, and a probe asks for its bands on each day of its
-- window (DedupStore.bandKeys): the index returns recent cases only, however often a text was written before.
ALTER TABLE dedup_case ADD COLUMN bands bigint[] NOT NULL DEFAULT '{}';

UPDATE dedup_case d
   SET bands = b.bands
  FROM (SELECT case_id,
               array_agg(DISTINCT band_hash # floor(extract(epoch FROM received_at) / 86400)::bigint) AS bands
          FROM dedup_band GROUP BY case_id) b
 WHERE b.case_id = d.case_id;

CREATE INDEX dedup_case_bands_idx ON dedup_case USING gin (bands);

DROP TABLE dedup_band;
