-- Possible duplicates (docs/features/dedup.md): a submission that has not proven the contact it names (the web form, a JSON
-- API call without a partner key) and whose identity keys lead dedup to another open case is never joined to it:
-- it becomes a case of its own, and the pair is kept here for the desk, never shown to the submitter. The
-- existing case's own contact is asked, through a signed single-use link, whether the new case is theirs; a
-- "yes" (or a desk agent) joins it through the same machinery as a merge.
CREATE TABLE possible_duplicate (
    id               bigserial PRIMARY KEY,
    -- The case made from the unproven submission, and that submission.
    case_id          bigint      NOT NULL UNIQUE REFERENCES complaint_case (id),
    submission_id    bigint      NOT NULL REFERENCES submission (id),
    -- The case its keys led to.
    existing_case_id bigint      NOT NULL REFERENCES complaint_case (id),
    -- What dedup would have done with a proven submission: merged (a duplicate) or appended (a follow-up).
    outcome          text        NOT NULL CHECK (outcome IN ('merged', 'appended')),
    -- Dedup's reasons (rule, masked keys, scores), as a merge records them.
    why              jsonb       NOT NULL,
    -- pending → confirmed (joined) or dismissed; a confirmed join the desk undid is split.
    state            text        NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'confirmed', 'dismissed', 'split')),
    -- The confirmation link's nonce (the link is nonce + HMAC; see duplicates.ConfirmLinks) and when it expires;
    -- null when the existing case has no contact we may write to (a hotline caller): then only the desk decides.
    link_nonce       text        UNIQUE,
    link_expires_at  timestamptz,
    created_at       timestamptz NOT NULL,
    decided_at       timestamptz,
    -- 'link' (the existing case's contact) or the desk user / token name.
    decided_by       text,
    -- The new case's status when it was joined, given back if the desk splits it off again.
    prior_status     text
);

CREATE INDEX possible_duplicate_existing_idx ON possible_duplicate (existing_case_id);
CREATE INDEX possible_duplicate_submission_idx ON possible_duplicate (submission_id);
CREATE INDEX possible_duplicate_pending_idx ON possible_duplicate (created_at DESC) WHERE state = 'pending';

-- A case made from a submission that has not proven its contact belongs to no person (dedup_case.person_id is
-- null: nobody's later submissions are ever joined to it). The keys it typed are kept here instead, so that a later
-- submission naming them — proven or not — finds it as a possible duplicate (to be confirmed through its contact),
-- and so that cases of one typed contact are never linked into an incident as if they were different people.
ALTER TABLE dedup_case ADD COLUMN claimed_keys text[] NOT NULL DEFAULT '{}';
CREATE INDEX dedup_case_claimed_keys_idx ON dedup_case USING gin (claimed_keys) WHERE person_id IS NULL;
