-- An outbox item that could not be sent because nothing is configured to send it (no mailer, no SMS send
-- provider) is recorded as 'unsent' with the reason in result and, in preview, what would have gone out — instead
-- of being retried against a server that is not there. An operator's retry puts it back in the queue.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead', 'unsent'));
ALTER TABLE outbox ADD COLUMN preview jsonb;
