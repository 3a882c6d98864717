-- An incident's standing state: what the desk last told all its complainants and the status it brought its cases
-- to, so a case that joins the incident later is brought to the same status and told the same note
-- (dedup/IncidentActions, dedup/IncidentLinker). One row per incident, replaced by each incident action that
-- changes a status, assigns, or carries a public note.
CREATE TABLE incident_standing (
    incident_id   bigint      PRIMARY KEY REFERENCES incident (id),
    -- The status the incident's actions brought its cases to; null when none changed a status.
    target_status text,
    assignee      text,
    -- The texts a case joining later takes: publicNote, result, reason, reasonCode (and language variants).
    texts         jsonb       NOT NULL DEFAULT '{}',
    actor         text        NOT NULL,
    at            timestamptz NOT NULL,
    -- Counts the changes: a case joining after the n-th catches up once with version n.
    version       integer     NOT NULL DEFAULT 1
);
