-- Incident linking (many people, one problem) leaves the intake transaction. Intake commits the case and
-- queues it here; one linker at a time, across all gateway instances, takes queued cases in order and links
-- them (dedup/IncidentLinker). Before, every intake took advisory locks on its respondent, places and LSH
-- bands and held them until its shared transaction committed: under a mass complaint every intake about a
-- trader queued on that trader's lock, and shared transactions holding crossing keys deadlocked.
CREATE TABLE incident_queue (
    case_id   bigint PRIMARY KEY REFERENCES dedup_case (case_id),
    queued_at timestamptz NOT NULL
);

-- Incident membership in a table of its own, written only by the linker and by unmerge: intake never
-- updates a row the linker writes, so the two cannot wait for each other.
CREATE TABLE incident_member (
    case_id     bigint PRIMARY KEY REFERENCES dedup_case (case_id),
    incident_id bigint      NOT NULL REFERENCES incident (id),
    linked_at   timestamptz NOT NULL
);

CREATE INDEX incident_member_incident_idx ON incident_member (incident_id);

INSERT INTO incident_member (case_id, incident_id, linked_at)
SELECT case_id, incident_id, received_at FROM dedup_case WHERE incident_id IS NOT NULL;

ALTER TABLE dedup_case DROP COLUMN incident_id;

-- What an incident by place needs: street addresses down to the house number (from the location field and
-- the text: two numbers are two buildings), coordinates (Open311 lat/long; the distance rule) and the category
-- (GB/T 39666 code or Open311 service code), which must not differ.
ALTER TABLE dedup_case
    ADD COLUMN addresses text[] NOT NULL DEFAULT '{}',
    ADD COLUMN latitude  double precision,
    ADD COLUMN longitude double precision,
    ADD COLUMN category  text;

-- A GIN index keeps new entries in a pending list (fastupdate) that every look-up reads from end to end; at
-- the default limit of 4 MB that is 30-45 ms a probe (measured at 100,000 cases), which would hold the
-- incident linker to a few dozen cases a second. A small list keeps a probe at a fraction of a millisecond;
-- the intake that fills it merges it into the index, 128 kB at a time.
ALTER INDEX dedup_case_bands_idx SET (gin_pending_list_limit = 128);

-- The linker's probes walk these in time order and stop at fifty; with the case id in the index they need
-- not visit the table for the rows they skip (cases still queued) nor the ones they take.
DROP INDEX dedup_place_idx;
CREATE INDEX dedup_place_idx ON dedup_place (place_key, received_at DESC) INCLUDE (case_id);
DROP INDEX dedup_case_respondent_idx;
CREATE INDEX dedup_case_respondent_idx ON dedup_case (respondent_root, received_at DESC) INCLUDE (case_id)
    WHERE respondent_base <> '';
