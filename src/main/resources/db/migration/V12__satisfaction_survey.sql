-- Satisfaction follow-up (回访) after a case is resolved: one survey per resolution round, every answer kept,
-- and the single-use tokens of the links we hand out.

-- One row per time a case is asked (a re-opened and again resolved case is asked again: round 2, …).
-- 'scheduled' rows wait for due_at and are claimed with FOR UPDATE SKIP LOCKED, so with several instances
-- each survey goes out once; 'sent' rows not answered by answer_by become 'no_answer' the same way.
-- Hotline cases are never asked by us: the platform runs its own 回访 and its verdict lands here as a
-- 'hotline' row.
CREATE TABLE satisfaction_survey (
    id           bigserial PRIMARY KEY,
    case_id      bigint      NOT NULL REFERENCES complaint_case (id),
    round        integer     NOT NULL CHECK (round >= 1),
    channel      text        NOT NULL CHECK (channel IN ('sms', 'email', 'web', 'hotline')),
    -- The E.164 number or e-mail address asked; null for 'web' (answered through the link only).
    address      text,
    language     text,
    state        text        NOT NULL DEFAULT 'scheduled'
        CHECK (state IN ('scheduled', 'sent', 'answered', 'no_answer', 'skipped', 'cancelled')),
    due_at       timestamptz NOT NULL,
    sent_at      timestamptz,
    answer_by    timestamptz,
    -- The latest answer; every answer is in satisfaction_answer.
    verdict      text CHECK (verdict IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    comment      text,
    answered_at  timestamptz,
    answered_via text,
    -- Why a survey was skipped or cancelled (opted out, daily cap, case re-opened before it went out).
    reason       text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CONSTRAINT satisfaction_survey_round UNIQUE (case_id, round)
);

CREATE INDEX satisfaction_survey_due_idx ON satisfaction_survey (due_at) WHERE state = 'scheduled';
CREATE INDEX satisfaction_survey_answer_by_idx ON satisfaction_survey (answer_by) WHERE state = 'sent';
-- An SMS reply is matched to the survey last sent to that number.
CREATE INDEX satisfaction_survey_address_idx ON satisfaction_survey (channel, address, sent_at DESC)
    WHERE sent_at IS NOT NULL;

-- Every answer, in order: a second answer updates the survey and is kept here beside the first.
CREATE TABLE satisfaction_answer (
    id            bigserial PRIMARY KEY,
    survey_id     bigint      NOT NULL REFERENCES satisfaction_survey (id),
    verdict       text CHECK (verdict IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    comment       text,
    via           text        NOT NULL,
    submission_id bigint REFERENCES submission (id),
    at            timestamptz NOT NULL
);

CREATE INDEX satisfaction_answer_survey_idx ON satisfaction_answer (survey_id, id);

-- Links handed out (the e-mail's buttons, the status page, a desk agent): the token carries the nonce and an
-- HMAC; the row makes it single-use. GET shows a confirm page, only POST spends the token.
CREATE TABLE survey_token (
    nonce      text PRIMARY KEY,
    survey_id  bigint      NOT NULL REFERENCES satisfaction_survey (id),
    purpose    text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX survey_token_survey_idx ON survey_token (survey_id);
