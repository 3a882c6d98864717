-- The outbox claims each channel's items on their own (OutboxWorker's lanes): a burst's SMS, paced to the provider's
-- rate, may wait in the queue for an hour while its mail goes out at once. Claimed through one index over all
-- channels, every claim of mail would walk past the whole queue of waiting SMS first; by channel, it starts at its own.
DROP INDEX outbox_due_idx;
CREATE INDEX outbox_due_idx ON outbox (channel, next_attempt_at) WHERE status IN ('pending', 'sending', 'failed');

-- The next free send slot of each paced channel, shared by every instance (OutboxStore.PACE): an SMS provider's
-- published rate holds for the account, not per gateway.
CREATE TABLE outbox_pace (
    channel text PRIMARY KEY,
    next_at timestamptz NOT NULL
);

-- A sent item's result is written once more when the receiver's answer comes after its hand-over; room on the page
-- lets that update stay on it (a HOT update, no new index entries).
ALTER TABLE outbox SET (fillfactor = 85);
