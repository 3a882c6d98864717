-- Shouli core store: verbatim submissions, cases, the link between them, attachments, outbox.

-- Case numbers come from one sequence so references are unique across every gateway instance. The number
-- is also the case's id: intake draws it while claiming the submission, so the submission row is written
-- once, already pointing at its case.
CREATE SEQUENCE case_number_seq;

CREATE TABLE complaint_case (
    id                    bigint      PRIMARY KEY DEFAULT nextval('case_number_seq'),
    reference             text        NOT NULL UNIQUE,
    kind                  text        NOT NULL,
    status                text        NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'acknowledged', 'in_progress', 'resolved', 'closed', 'returned', 'merged')),
    channel               text        NOT NULL,
    received_at           timestamptz NOT NULL,
    occurred_at           timestamptz,
    subject               text,
    description           text,
    language              text,
    category              text,
    urgency               text        NOT NULL,
    -- Identity columns used for lookups; the full parties live in the JSONB columns.
    complainant_phone     text,
    complainant_email     text,
    respondent_name       text,
    complainant           jsonb       NOT NULL,
    respondent            jsonb       NOT NULL,
    demand                jsonb       NOT NULL,
    product               jsonb,
    location              jsonb,
    acknowledge_due_at    timestamptz,
    first_response_due_at timestamptz,
    resolve_due_at        timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- Desk listing pages newest first with a keyset cursor on (received_at, id); filters ride on it. Every index
-- here is paid for on each intake, so there are no others.
CREATE INDEX complaint_case_received_idx ON complaint_case (received_at DESC, id DESC);

CREATE TABLE submission (
    id              bigserial PRIMARY KEY,
    channel         text        NOT NULL,
    transport       text        NOT NULL,
    -- The redelivery key within the channel (Idempotency-Key, Message-ID, form nonce, ticket number).
    external_id     text,
    received_at     timestamptz NOT NULL,
    content_type    text,
    headers         jsonb       NOT NULL DEFAULT '{}',
    -- Exactly the bytes that arrived, so a parser fix can be replayed over old input.
    body            bytea       NOT NULL,
    body_sha256     text        NOT NULL,
    outcome         text        NOT NULL
        CHECK (outcome IN ('created', 'merged', 'appended', 'duplicate', 'suppressed',
                           'quarantined', 'rejected')),
    reason          text,
    error           text,
    -- Checked at commit: intake writes the submission first (to claim its key) and its new case after.
    case_id         bigint REFERENCES complaint_case (id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT submission_redelivery_key UNIQUE (channel, external_id)
);

CREATE INDEX submission_case_idx ON submission (case_id);
-- Operators list what needs attention: quarantined and rejected input.
CREATE INDEX submission_attention_idx ON submission (outcome, id DESC) WHERE outcome IN ('quarantined', 'rejected');

CREATE TABLE case_submission (
    case_id       bigint      NOT NULL REFERENCES complaint_case (id),
    submission_id bigint      NOT NULL REFERENCES submission (id),
    role          text        NOT NULL CHECK (role IN ('origin', 'follow_up', 'duplicate')),
    linked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, submission_id)
);

CREATE TABLE attachment (
    id            bigserial PRIMARY KEY,
    case_id       bigint      NOT NULL REFERENCES complaint_case (id),
    submission_id bigint      NOT NULL REFERENCES submission (id),
    name          text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    sha256        text        NOT NULL,
    content       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX attachment_case_idx ON attachment (case_id);

-- Everything that talks to the outside after commit (receipts, callbacks, desk pushes) starts here.
-- A claimed item is 'sending' with next_attempt_at = the end of its lease: if the instance dies mid-send,
-- the item becomes due again (at most a duplicate delivery, never a lost one).
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    case_id         bigint REFERENCES complaint_case (id),
    kind            text        NOT NULL,
    channel         text        NOT NULL,
    payload         jsonb       NOT NULL,
    idempotency_key text        NOT NULL UNIQUE,
    status          text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    result          text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending', 'failed');
CREATE INDEX outbox_case_idx ON outbox (case_id);

-- The case history: what happened to a case, when, by whom and why (merges, appends, deliveries, actions).
CREATE TABLE case_event (
    id       bigserial PRIMARY KEY,
    case_id  bigint      NOT NULL REFERENCES complaint_case (id),
    at       timestamptz NOT NULL,
    actor    text        NOT NULL,
    kind     text        NOT NULL,
    detail   jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX case_event_case_idx ON case_event (case_id, id);

-- Values every gateway instance must share, such as a generated form-token key.
CREATE TABLE gateway_setting (
    name  text PRIMARY KEY,
    value text NOT NULL
);
