-- Retention and erasure (README "Retention and erasure").
--
-- The case history is the large, time-ordered table that only ever grows: it becomes a table partitioned by
-- month on `at`, so retention drops whole months instead of deleting row by row. A partitioned table's unique
-- keys must include the partition key, so the primary key becomes (id, at); nothing refers to an event by id
-- alone. The tables whose unique keys must hold across all time stay unpartitioned and are cleaned in batches:
-- submission (UNIQUE (channel, external_id) is the redelivery guarantee) and outbox (UNIQUE idempotency_key is
-- "at most one receipt per case").
--
-- Months are created ahead by the retention job (RetentionStore.ensurePartitions); the DEFAULT partition only
-- catches rows outside them (an injected clock far from today), and the job moves such rows into their month
-- before it attaches one.
ALTER TABLE case_event RENAME TO case_event_unpartitioned;
ALTER INDEX case_event_case_idx RENAME TO case_event_unpartitioned_case_idx;
ALTER INDEX case_event_feed_idx RENAME TO case_event_unpartitioned_feed_idx;
-- The id sequence carries on into the new table (feed event ids keep growing).
ALTER SEQUENCE case_event_id_seq OWNED BY NONE;

CREATE TABLE case_event (
    id         bigint      NOT NULL DEFAULT nextval('case_event_id_seq'),
    case_id    bigint      NOT NULL REFERENCES complaint_case (id),
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    kind       text        NOT NULL,
    detail     jsonb       NOT NULL DEFAULT '{}',
    tx         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    request_id text        DEFAULT nullif(current_setting('shouli.request_id', true), ''),
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

CREATE INDEX case_event_case_idx ON case_event (case_id, id);
CREATE INDEX case_event_feed_idx ON case_event (tx, id);
CREATE TABLE case_event_default PARTITION OF case_event DEFAULT;

-- One partition per month that holds history already, and the current and next month.
DO $$
DECLARE
    m date;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date FROM case_event_unpartitioned
             UNION SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date
             UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF case_event FOR VALUES FROM (%L) TO (%L)',
                       'case_event_' || to_char(m, 'YYYY_MM'),
                       (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    END LOOP;
END
$$;

INSERT INTO case_event (id, case_id, at, actor, kind, detail, tx, request_id)
SELECT id, case_id, at, actor, kind, detail, tx, request_id FROM case_event_unpartitioned;
DROP TABLE case_event_unpartitioned;
ALTER SEQUENCE case_event_id_seq OWNED BY case_event.id;

-- The retention job runs once per slot (retention.interval) across all instances: the instance whose INSERT
-- of the slot succeeds runs it; the others see the conflict and do nothing. What it did is recorded here.
CREATE TABLE retention_run (
    slot        bigint PRIMARY KEY,
    instance    text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    done        jsonb       NOT NULL DEFAULT '{}',
    error       text
);

-- Erasure requests (PIPL art. 47, GDPR art. 17): who asked, when, for which kind of identifier, and what was
-- erased. The identifier itself is not kept; its SHA-256 lets an auditor check a request against a name given.
CREATE TABLE erasure_request (
    id              bigserial PRIMARY KEY,
    requested_by    text        NOT NULL,
    requested_at    timestamptz NOT NULL,
    identifier_kind text        NOT NULL CHECK (identifier_kind IN ('phone', 'email', 'idNumber')),
    identifier_hash text        NOT NULL,
    reason          text,
    erased          jsonb       NOT NULL,
    request_id      text DEFAULT nullif(current_setting('shouli.request_id', true), '')
);

-- Cases (and submissions) anonymised by erasure or retention, so the job does not take them again.
ALTER TABLE complaint_case ADD COLUMN anonymised_at timestamptz;
ALTER TABLE submission ADD COLUMN body_erased_at timestamptz;

-- The retention job finds old closed cases and finished outbox items by these partial indexes, which intake's
-- inserts (status new, pending) never enter. Old verbatim bodies it walks by id with a cursor
-- (gateway_setting 'retention.submissionCursor'): ids grow with arrival, and intake pays for no new index.
CREATE INDEX complaint_case_closed_idx ON complaint_case (updated_at)
    WHERE status IN ('closed', 'merged') AND anonymised_at IS NULL;
CREATE INDEX outbox_finished_idx ON outbox (created_at) WHERE status IN ('sent', 'dead');
