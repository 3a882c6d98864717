-- The 12345 platform's own 回访 verdict on a ticket, and tickets the platform re-opened after it.
ALTER TABLE hotline_ticket
    ADD COLUMN evaluation         text CHECK (evaluation IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    ADD COLUMN evaluation_comment text,
    ADD COLUMN evaluated_at       timestamptz,
    -- How often the platform sent the ticket back after our reply: each round owes the platform its own reply.
    ADD COLUMN reopen_count       integer NOT NULL DEFAULT 0;

ALTER TABLE hotline_ticket DROP CONSTRAINT hotline_ticket_state_check;
ALTER TABLE hotline_ticket ADD CONSTRAINT hotline_ticket_state_check
    CHECK (state IN ('dispatched', 'signed', 'returned', 'extension_requested', 'replied', 'revoked', 'reopened'));
