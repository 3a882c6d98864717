-- Hotline work orders (12345 tickets) and Open311 service requests, each tied to the case they became.

-- One row per (source, ticket number): the case the ticket lives in, the ticket's own deadlines and where
-- its conversation with the platform stands. The unique key is what urges, supplements and revokes of a
-- known ticket are matched on; several tickets may share a case (a duplicate merged by another rule).
CREATE TABLE hotline_ticket (
    id              bigserial PRIMARY KEY,
    source          text        NOT NULL,
    ticket_number   text        NOT NULL,
    case_id         bigint      NOT NULL REFERENCES complaint_case (id),
    confidential    boolean     NOT NULL DEFAULT false,
    sign_for_due_at timestamptz,
    reply_due_at    timestamptz,
    state           text        NOT NULL DEFAULT 'dispatched'
        CHECK (state IN ('dispatched', 'signed', 'returned', 'extension_requested', 'replied', 'revoked')),
    state_reason    text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT hotline_ticket_key UNIQUE (source, ticket_number)
);

CREATE INDEX hotline_ticket_case_idx ON hotline_ticket (case_id);

-- A case created through Open311: what GeoReport clients sent that the case record has no place for,
-- and what they are shown back (status notes). The token resolves a client's Idempotency-Key (or a
-- generated token) to the request id.
CREATE TABLE open311_request (
    case_id         bigint      PRIMARY KEY REFERENCES complaint_case (id),
    service_code    text        NOT NULL,
    token           text        NOT NULL UNIQUE,
    description     text,
    address_string  text,
    address_id      text,
    latitude        double precision,
    longitude       double precision,
    media_url       text,
    attributes      jsonb       NOT NULL DEFAULT '{}',
    account_id      text,
    status_notes    text,
    requested_at    timestamptz NOT NULL
);

-- GET requests filters on a requested_datetime range, newest first.
CREATE INDEX open311_request_requested_idx ON open311_request (requested_at DESC, case_id DESC);
