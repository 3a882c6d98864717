-- Email channel: message ids per case (threading), IMAP mailbox progress and gaps, the auto-mail loop guard.

-- Every Message-ID seen on a case, ours (receipts) and theirs, so a reply to any of them threads onto it.
CREATE TABLE email_message (
    message_id    text        NOT NULL,
    case_id       bigint      NOT NULL REFERENCES complaint_case (id),
    direction     text        NOT NULL CHECK (direction IN ('in', 'out')),
    submission_id bigint REFERENCES submission (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, case_id)
);

CREATE INDEX email_message_case_idx ON email_message (case_id);

-- Per polled mailbox: the UIDVALIDITY we read under and the last UID committed. Never the \Seen flag.
CREATE TABLE email_mailbox (
    name           text PRIMARY KEY,
    uid_validity   bigint      NOT NULL,
    last_uid       bigint      NOT NULL DEFAULT 0,
    last_polled_at timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- UID ranges a poller could not fetch (or could no longer trust), reported instead of skipped silently.
CREATE TABLE email_mailbox_gap (
    id           bigserial PRIMARY KEY,
    mailbox      text        NOT NULL,
    uid_validity bigint      NOT NULL,
    from_uid     bigint      NOT NULL,
    to_uid       bigint      NOT NULL,
    reason       text        NOT NULL,
    at           timestamptz NOT NULL
);

CREATE INDEX email_mailbox_gap_idx ON email_mailbox_gap (mailbox, id DESC);

-- One row per automatic mail sent (keyed by its outbox item, so a retried send counts once): the loop guard
-- counts rows per address and day.
CREATE TABLE email_auto_mail (
    outbox_key text PRIMARY KEY,
    address    text        NOT NULL,
    day        date        NOT NULL,
    sent_at    timestamptz NOT NULL
);

CREATE INDEX email_auto_mail_address_idx ON email_auto_mail (address, day);

-- Receipts check whether the address recently sent us automatic mail (suppressed submissions); only those
-- rows are indexed, so ordinary intake pays nothing for it.
CREATE INDEX submission_suppressed_email_sender_idx
    ON submission ((headers ->> 'x-shouli-from-address'), received_at)
    WHERE channel = 'email' AND outcome = 'suppressed';
