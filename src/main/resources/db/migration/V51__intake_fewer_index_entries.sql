-- Fewer index entries per intake (BENCHMARKS.md, "A leaner intake write path"). Every intake writes three or four
-- deadline rows and a history event; each index on them is an entry per row, in the intake's transaction.

-- A deadline is found by its case and kind everywhere (the desk, the status page, reports); its id only orders the
-- rows of one case. So (case_id, kind) becomes the primary key, and the id keeps its sequence but loses its index:
-- four entries fewer per intake.
ALTER TABLE sla_deadline DROP CONSTRAINT sla_deadline_pkey;
ALTER TABLE sla_deadline DROP CONSTRAINT sla_deadline_one_per_kind;
ALTER TABLE sla_deadline ADD PRIMARY KEY (case_id, kind);

-- The SLA monitor looks for the next thing to happen to a running deadline: its warning while on time, its breach
-- once warned. One index on that moment instead of two (one on warn_at, one on due_at) — another entry fewer per
-- deadline (SlaStore.CLAIM_CHANGING uses exactly this expression).
DROP INDEX sla_deadline_warn_idx;
DROP INDEX sla_deadline_due_idx;
CREATE INDEX sla_deadline_next_idx ON sla_deadline
    ((CASE WHEN state = 'on_time' THEN least(warn_at, due_at) ELSE due_at END))
    WHERE state IN ('on_time', 'warning');

-- Nothing refers to a history event by its id alone (V11_1): the feed pages on (tx, id), a case's history on
-- (case_id, id), and ids come from a sequence. The (id, at) primary key was an index entry per event — two per
-- intake with the incident linker's — that no query used.
-- (Named case_event_pkey1: V11_1 created it while the old table still held case_event_pkey.)
DO $$
DECLARE
    pk text;
BEGIN
    SELECT conname INTO pk FROM pg_constraint WHERE conrelid = 'case_event'::regclass AND contype = 'p';
    IF pk IS NOT NULL THEN
        EXECUTE format('ALTER TABLE case_event DROP CONSTRAINT %I', pk);
    END IF;
END
$$;
