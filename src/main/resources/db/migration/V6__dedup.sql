-- Follow-ups, duplicates and incidents (docs/features/dedup.md): who complains (a person known by several keys),
-- what each case is about (respondent, place, text fingerprint with LSH bands) and incident clusters.

-- A complainant known by one or more identity keys. Two persons found to share a key are united:
-- their keys and cases move to the lower id.
CREATE TABLE dedup_person (
    id         bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- 'phone:+8613800138000', 'email:li@example.cn', 'customer:C12345'.
CREATE TABLE dedup_identity (
    key           text PRIMARY KEY,
    person_id     bigint      NOT NULL REFERENCES dedup_person (id),
    first_seen_at timestamptz NOT NULL
);

CREATE INDEX dedup_identity_person_idx ON dedup_identity (person_id);

-- Many complainants, one underlying problem: separate cases linked here.
CREATE TABLE incident (
    id             bigserial PRIMARY KEY,
    respondent     text,
    place          text,
    title          text,
    case_count     integer     NOT NULL DEFAULT 0,
    first_at       timestamptz NOT NULL,
    last_at        timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX incident_last_idx ON incident (last_at DESC, id DESC);

-- One row per case: the keys dedup looks cases up by, and the shingle hashes for exact similarity.
CREATE TABLE dedup_case (
    case_id           bigint PRIMARY KEY REFERENCES complaint_case (id),
    person_id         bigint REFERENCES dedup_person (id),
    received_at       timestamptz NOT NULL,
    -- The respondent's base (legal form and branch removed); '' when unknown.
    respondent_base   text        NOT NULL,
    respondent_branch text        NOT NULL,
    -- The first two characters of the base: every related base (a parent and its branch written without
    -- 店) shares them, so one equality look-up finds both directions.
    respondent_root   text        NOT NULL,
    place_key         text,
    -- Place keys from the location field and place names in the text (see dedup_place).
    place_keys        text[]      NOT NULL DEFAULT '{}',
    order_number      text,
    -- Short message text (for follow-up rules) is judged from this length.
    text_chars        integer     NOT NULL,
    -- The text folded (simplified, half-width, lower case, no punctuation), first 1,000 characters: to find a
    -- respondent or place named in the text of a case that did not name it in a field (an SMS).
    folded_text       text        NOT NULL DEFAULT '',
    shingles          integer[]   NOT NULL,
    incident_id       bigint REFERENCES incident (id)
);

CREATE INDEX dedup_case_person_idx ON dedup_case (person_id, received_at DESC) WHERE person_id IS NOT NULL;
CREATE INDEX dedup_case_respondent_idx ON dedup_case (respondent_root, received_at DESC)
    WHERE respondent_base <> '';
CREATE INDEX dedup_case_incident_idx ON dedup_case (incident_id) WHERE incident_id IS NOT NULL;

-- MinHash LSH bands: cases sharing a band are candidates. Looked up by band and recency only, so an intake
-- costs a few index probes however many cases are stored.
CREATE TABLE dedup_band (
    band_hash   bigint      NOT NULL,
    case_id     bigint      NOT NULL REFERENCES complaint_case (id),
    received_at timestamptz NOT NULL
);

CREATE INDEX dedup_band_idx ON dedup_band (band_hash, received_at DESC);
CREATE INDEX dedup_band_case_idx ON dedup_band (case_id);

-- Where a case happened, one row per place key, looked up like the bands: by key and recency.
CREATE TABLE dedup_place (
    place_key   text        NOT NULL,
    case_id     bigint      NOT NULL REFERENCES complaint_case (id),
    received_at timestamptz NOT NULL
);

CREATE INDEX dedup_place_idx ON dedup_place (place_key, received_at DESC);
CREATE INDEX dedup_place_case_idx ON dedup_place (case_id);

-- A submission that was merged or appended into an existing case, with what intake understood of it, so a
-- desk agent can split it off into a case of its own (unmerge).
CREATE TABLE dedup_joined_submission (
    submission_id bigint PRIMARY KEY REFERENCES submission (id),
    case_id       bigint      NOT NULL REFERENCES complaint_case (id),
    outcome       text        NOT NULL,
    complaint     jsonb       NOT NULL,
    split_case_id bigint REFERENCES complaint_case (id),
    split_at      timestamptz,
    split_by      text
);
