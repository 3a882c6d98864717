-- Work done on many cases at once — a selection of the case list, an incident's action, a case that joined an
-- incident catching up with it — as batches of items, one item per case. A worker on every instance claims one
-- pending item at a time (FOR UPDATE SKIP LOCKED) and does its action in the same transaction that marks it done
-- or refused: a batch survives a crash half-way and no case is done twice (feature/bulk).
CREATE TABLE case_batch (
    id          bigserial PRIMARY KEY,
    -- The same request twice (a double submit, a retried API call) is one batch.
    request_key text        NOT NULL UNIQUE,
    -- What asked for it: 'selection' (the case list), 'incident:<id>', 'incident:<id>:join'.
    origin      text        NOT NULL,
    -- A desk action's code, or 'catch-up' (bring a case to a status: parameters.target).
    action      text        NOT NULL,
    parameters  jsonb       NOT NULL,
    actor       text        NOT NULL,
    -- Recorded with the action on every case, e.g. {"incident": 12}.
    via         jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL
);

CREATE INDEX case_batch_origin_idx ON case_batch (origin, id DESC);

CREATE TABLE case_batch_item (
    batch_id    bigint      NOT NULL REFERENCES case_batch (id),
    reference   text        NOT NULL,
    state       text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'refused')),
    -- Why a case could not take the action: the problem's type (invalid-transition, cannot-deliver, …), the
    -- case's status then, and the detail.
    code        text,
    case_status text,
    reason      text,
    -- The action's answer: the notice it queued (or why none), the status after it.
    result      jsonb,
    added_at    timestamptz NOT NULL,
    done_at     timestamptz,
    PRIMARY KEY (batch_id, reference)
);

CREATE INDEX case_batch_item_pending_idx ON case_batch_item (batch_id, reference) WHERE state = 'pending';
