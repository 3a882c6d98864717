-- The request an intake served, on every row it writes: the verbatim submission, its case history entries and the
-- outbox items it queued (receipts, callbacks, desk pushes). The gateway tags each intake's part of a transaction
-- with SELECT set_config('shouli.request_id', <id>, true) (store.RequestTag); the columns default to that
-- setting, so no INSERT has to pass the id along. Rows written outside a tagged transaction keep NULL.
ALTER TABLE submission
    ADD COLUMN request_id text DEFAULT nullif(current_setting('shouli.request_id', true), '');
ALTER TABLE case_event
    ADD COLUMN request_id text DEFAULT nullif(current_setting('shouli.request_id', true), '');
ALTER TABLE outbox
    ADD COLUMN request_id text DEFAULT nullif(current_setting('shouli.request_id', true), '');
