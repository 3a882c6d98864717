-- Desk console: people who sign in (agents and supervisors), their sessions, failed sign-ins for throttling,
-- internal notes on cases, and re-runs of quarantined submissions.

-- A desk user. The password is kept only as an Argon2id hash in PHC string form ($argon2id$v=19$m=…).
CREATE TABLE desk_user (
    id            bigserial PRIMARY KEY,
    username      text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
    display_name  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('agent', 'supervisor')),
    password_hash text        NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- A signed-in browser. Only the SHA-256 of the cookie's token is stored, so a copy of this table signs nobody
-- in. Every instance reads the same rows: a browser stays signed in whichever instance it reaches.
CREATE TABLE desk_session (
    token_sha256 text        PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES desk_user (id) ON DELETE CASCADE,
    csrf_token   text        NOT NULL,
    language     text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

CREATE INDEX desk_session_user_idx ON desk_session (user_id);
CREATE INDEX desk_session_expiry_idx ON desk_session (expires_at);

-- One row per failed sign-in: throttling counts the recent rows per account and per client address, in the
-- database, so every instance enforces the same limit.
CREATE TABLE desk_sign_in_failure (
    id      bigserial PRIMARY KEY,
    account text        NOT NULL,
    client  text        NOT NULL,
    at      timestamptz NOT NULL
);

CREATE INDEX desk_sign_in_failure_account_idx ON desk_sign_in_failure (account, at);
CREATE INDEX desk_sign_in_failure_client_idx ON desk_sign_in_failure (client, at);

-- Internal notes: for the desk only, never shown to the complainant nor sent to a source. The case history
-- records that a note was added and by whom (kind note_added), not its text.
CREATE TABLE case_note (
    id      bigserial PRIMARY KEY,
    case_id bigint      NOT NULL REFERENCES complaint_case (id),
    author  text        NOT NULL,
    body    text        NOT NULL,
    at      timestamptz NOT NULL
);

CREATE INDEX case_note_case_idx ON case_note (case_id, id);

-- A quarantined submission run through intake again after a fix. The original row stays as it arrived; the
-- re-run is a submission of its own (redelivery key <original key>#rerun-<original id>), linked here.
CREATE TABLE submission_rerun (
    id                  bigserial PRIMARY KEY,
    original_id         bigint      NOT NULL REFERENCES submission (id),
    rerun_submission_id bigint REFERENCES submission (id),
    actor               text        NOT NULL,
    at                  timestamptz NOT NULL,
    outcome             text        NOT NULL,
    reference           text,
    reason              text
);

CREATE INDEX submission_rerun_original_idx ON submission_rerun (original_id, id);
