-- An item whose action fails otherwise than by the case refusing it (an action hook failing, a database error on
-- that one case) is tried again after a pause that doubles each time, at most bulk.maxAttempts times; then it is
-- 'failed' with the last error and its batch finishes without it, so one such case neither holds the workers' lanes
-- nor keeps its batch open for ever. A crash, or the database going away, counts no attempt (feature/bulk).
ALTER TABLE case_batch_item
    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    -- Not to be claimed before this (null: at once).
    ADD COLUMN retry_at timestamptz;

ALTER TABLE case_batch_item DROP CONSTRAINT case_batch_item_state_check;
ALTER TABLE case_batch_item ADD CONSTRAINT case_batch_item_state_check
    CHECK (state IN ('pending', 'done', 'refused', 'failed'));

-- The retention job deletes finished batches by age (retention.finishedOutbox).
CREATE INDEX case_batch_created_idx ON case_batch (created_at);
