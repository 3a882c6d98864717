-- SMS channel: long-message parts waiting for their siblings, opt-outs, and the SMS we send.

-- A concatenated message (Vonage concat-ref/total/part) is collected here part by part; every part is
-- committed before the provider is told 200, so nothing it delivered is lost. When all parts are in, or
-- the group has waited longer than the timeout, the text goes through intake once (completed_at set).
-- claimed_until is a short lease so two instances do not assemble the same group at the same time.
CREATE TABLE sms_concat_group (
    provider          text        NOT NULL,
    sender            text        NOT NULL,
    concat_ref        text        NOT NULL,
    total             integer     NOT NULL CHECK (total BETWEEN 1 AND 255),
    first_received_at timestamptz NOT NULL,
    claimed_until     timestamptz,
    completed_at      timestamptz,
    outcome           text,
    PRIMARY KEY (provider, sender, concat_ref)
);

CREATE INDEX sms_concat_group_open_idx ON sms_concat_group (first_received_at) WHERE completed_at IS NULL;

CREATE TABLE sms_concat_part (
    provider     text        NOT NULL,
    sender       text        NOT NULL,
    concat_ref   text        NOT NULL,
    part         integer     NOT NULL CHECK (part >= 1),
    message_id   text        NOT NULL,
    recipient    text,
    text         text        NOT NULL,
    -- The request exactly as it came (form body or query string), with its headers.
    body         bytea       NOT NULL,
    headers      jsonb       NOT NULL DEFAULT '{}',
    content_type text,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, sender, concat_ref, part),
    FOREIGN KEY (provider, sender, concat_ref) REFERENCES sms_concat_group (provider, sender, concat_ref)
);

-- One row per number that ever sent an opt-out or opt-in keyword; the latest keyword wins.
CREATE TABLE sms_opt_out (
    phone      text PRIMARY KEY,
    opted_out  boolean     NOT NULL,
    keyword    text        NOT NULL,
    changed_at timestamptz NOT NULL
);

-- Every automatic SMS we send (or reserved to send): the per-number daily cap counts these, and a retry of
-- the same outbox item reuses its row instead of counting twice.
CREATE TABLE sms_send (
    idempotency_key     text PRIMARY KEY,
    phone               text        NOT NULL,
    local_day           date        NOT NULL,
    provider            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    provider_message_id text,
    segments            integer,
    last_error          text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX sms_send_phone_day_idx ON sms_send (phone, local_day);

-- The follow-up rule looks up a number's open SMS case on every SMS. Only SMS cases are indexed, so other
-- channels' intake pays nothing for it.
CREATE INDEX complaint_case_sms_phone_idx ON complaint_case (complainant_phone)
    WHERE channel = 'sms' AND complainant_phone IS NOT NULL;
