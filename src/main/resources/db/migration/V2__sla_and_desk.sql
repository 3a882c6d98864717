-- SLA deadlines per case, desk actions' columns, and the feeds desks read (events, changes).

-- One row per clock of a case. due_at moves when a pause ends (by the paused business time) or on an
-- extension (延期); warn_at is when the configured share of business time is used. The monitor claims rows
-- whose warn_at or due_at has passed with FOR UPDATE SKIP LOCKED.
CREATE TABLE sla_deadline (
    id               bigserial PRIMARY KEY,
    case_id          bigint      NOT NULL REFERENCES complaint_case (id),
    kind             text        NOT NULL CHECK (kind IN ('receipt', 'first_response', 'reply', 'resolution')),
    calendar         text        NOT NULL,
    source           text        NOT NULL CHECK (source IN ('policy', 'source')),
    started_at       timestamptz NOT NULL,
    original_due_at  timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    warn_at          timestamptz NOT NULL,
    state            text        NOT NULL DEFAULT 'on_time'
        CHECK (state IN ('on_time', 'warning', 'breached', 'met', 'paused', 'cancelled')),
    warned_at        timestamptz,
    breached_at      timestamptz,
    met_at           timestamptz,
    -- While waiting for the complainant: since when, and the state to return to on resume.
    paused_since     timestamptz,
    resume_state     text,
    paused_seconds   bigint      NOT NULL DEFAULT 0,
    extensions       integer     NOT NULL DEFAULT 0,
    extension_reason text,
    extended_at      timestamptz,
    extended_by      text,
    CONSTRAINT sla_deadline_one_per_kind UNIQUE (case_id, kind)
);

CREATE INDEX sla_deadline_warn_idx ON sla_deadline (warn_at) WHERE state = 'on_time';
CREATE INDEX sla_deadline_due_idx ON sla_deadline (due_at) WHERE state IN ('on_time', 'warning');

-- Desk work on a case: who has it, and whether it waits for the complainant.
ALTER TABLE complaint_case
    ADD COLUMN assignee      text,
    ADD COLUMN waiting_since timestamptz,
    -- The transaction that last changed the row: the changes feed pages on (change_tx, id) and only reads
    -- rows of finished transactions, so a slow writer's row cannot appear behind a cursor already handed out.
    ADD COLUMN change_tx     xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE FUNCTION complaint_case_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_tx := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER complaint_case_change BEFORE UPDATE ON complaint_case
    FOR EACH ROW EXECUTE FUNCTION complaint_case_mark_change();

CREATE INDEX complaint_case_change_idx ON complaint_case (change_tx, id);

-- The case history doubles as the desk event feed (SSE, webhooks): same (tx, id) ordering as above.
ALTER TABLE case_event ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX case_event_feed_idx ON case_event (tx, id);

-- Items with the same ordering key are delivered one at a time in id order (desk webhooks per case).
ALTER TABLE outbox ADD COLUMN ordering_key text;
CREATE INDEX outbox_ordering_idx ON outbox (ordering_key, id) WHERE ordering_key IS NOT NULL AND status <> 'sent';

-- How far each desk's webhook relay has read the event feed; the row is locked while relaying.
CREATE TABLE desk_feed_cursor (
    consumer text PRIMARY KEY,
    tx       xid8   NOT NULL,
    event_id bigint NOT NULL
);
