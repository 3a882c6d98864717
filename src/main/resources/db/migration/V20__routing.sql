-- Classification and routing (feature/routing, docs/features/routing.md).

-- New cases waiting to be classified and routed, and routed cases waiting for a member of their unit. Intake
-- only inserts here; one router at a time across all instances works through it after the sources were
-- answered, so every case is routed once and every assignment made once.
CREATE TABLE routing_queue (
    case_id    bigint      PRIMARY KEY REFERENCES complaint_case (id),
    queued_at  timestamptz NOT NULL,
    -- route: classify and route; assign: the unit is known, a member on duty must be picked
    step       text        NOT NULL CHECK (step IN ('route', 'assign')),
    not_before timestamptz NOT NULL
);
CREATE INDEX routing_queue_due ON routing_queue (not_before, queued_at);

-- How each case was classified and where it is now.
CREATE TABLE routing_case (
    case_id            bigint      PRIMARY KEY REFERENCES complaint_case (id),
    unit               text        NOT NULL,
    -- routed: in a handling unit; triage: waiting in triage (classifier abstained, no rule, or returned)
    state              text        NOT NULL CHECK (state IN ('routed', 'triage')),
    rule               text,
    rule_set           integer     NOT NULL,
    category           text,
    -- source: the channel's own code; keyword: a desk keyword rule; model: the classifier; desk: set by a person
    category_source    text        CHECK (category_source IN ('source', 'keyword', 'model', 'desk')),
    confidence         double precision,
    decided            boolean     NOT NULL,
    classifier_version integer,
    reason             text        NOT NULL,
    suggestions        jsonb       NOT NULL DEFAULT '[]',
    -- what the classification was made of, so a dry run can apply other keyword rules to it
    source_category    text,
    model_category     text,
    model_confidence   double precision,
    model_decided      boolean,
    tags               text[]      NOT NULL DEFAULT '{}',
    assignee           text,
    -- the unit's own time limit (承办时限), or the triage deadline
    due_at             timestamptz,
    routed_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX routing_case_unit ON routing_case (unit, state);
CREATE INDEX routing_case_routed ON routing_case (routed_at DESC, case_id DESC);

-- Every dispatch of a case to a unit and how it ended: the basis of the per-unit reports.
CREATE TABLE routing_dispatch (
    id          bigserial   PRIMARY KEY,
    case_id     bigint      NOT NULL REFERENCES complaint_case (id),
    unit        text        NOT NULL,
    -- rule: routed by a rule; triage: sent on from triage; transfer: 转办 from another unit
    how         text        NOT NULL CHECK (how IN ('rule', 'triage', 'transfer')),
    -- the case's first dispatch to a handling unit: first-dispatch-correct counts these
    first       boolean     NOT NULL,
    category    text,
    rule        text,
    actor       text        NOT NULL,
    at          timestamptz NOT NULL,
    ended       text        CHECK (ended IN ('returned', 'transferred')),
    ended_at    timestamptz,
    reason_code text
);
CREATE INDEX routing_dispatch_case ON routing_dispatch (case_id, id);
CREATE INDEX routing_dispatch_at ON routing_dispatch (at);

-- The members of each unit (the desk's teams), in rotation order.
CREATE TABLE routing_member (
    unit      text        NOT NULL,
    username  text        NOT NULL,
    position  integer     NOT NULL,
    -- on duty on this business calendar's working time; null: the unit's calendar
    calendar  text,
    absent    boolean     NOT NULL DEFAULT false,
    added_at  timestamptz NOT NULL,
    added_by  text        NOT NULL,
    PRIMARY KEY (unit, username)
);

-- Whom each unit assigned last, so the rotation goes on where it stopped, whichever instance routes next.
CREATE TABLE routing_rotation (
    unit          text   PRIMARY KEY,
    last_assignee text,
    assigned      bigint NOT NULL DEFAULT 0
);

-- Categories the desk set, confirmed or re-routed to: the labels training ?from=cases learns from. Never a
-- category the classifier decided by itself.
CREATE TABLE routing_label (
    case_id  bigint      PRIMARY KEY REFERENCES complaint_case (id),
    category text        NOT NULL,
    how      text        NOT NULL CHECK (how IN ('set', 'confirmed', 're-route')),
    actor    text        NOT NULL,
    at       timestamptz NOT NULL
);

-- Trained classifier versions: one active (intake uses it), at most one in shadow (runs beside it).
CREATE TABLE routing_model (
    version      serial      PRIMARY KEY,
    state        text        NOT NULL CHECK (state IN ('trained', 'active', 'shadow', 'retired')),
    source       text        NOT NULL CHECK (source IN ('csv', 'cases')),
    examples     integer     NOT NULL,
    categories   text[]      NOT NULL,
    metrics      jsonb       NOT NULL,
    model        bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text        NOT NULL,
    activated_at timestamptz
);
CREATE UNIQUE INDEX routing_model_one_active ON routing_model ((true)) WHERE state = 'active';
CREATE UNIQUE INDEX routing_model_one_shadow ON routing_model ((true)) WHERE state = 'shadow';

-- What a shadow version would have decided, beside what the active one did.
CREATE TABLE routing_shadow (
    version         integer     NOT NULL REFERENCES routing_model (version),
    case_id         bigint      NOT NULL REFERENCES complaint_case (id),
    category        text        NOT NULL,
    confidence      double precision NOT NULL,
    decided         boolean     NOT NULL,
    active_category text,
    active_decided  boolean,
    at              timestamptz NOT NULL,
    PRIMARY KEY (version, case_id)
);

-- Rule sets edited in the console; the active one wins over the configuration's (version 0).
CREATE TABLE routing_rule_set (
    version    serial      PRIMARY KEY,
    document   text        NOT NULL,
    state      text        NOT NULL CHECK (state IN ('active', 'retired')),
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL
);
CREATE UNIQUE INDEX routing_rule_set_one_active ON routing_rule_set ((true)) WHERE state = 'active';

-- "Fewest open cases" counts each member's open cases; new cases have no assignee and add nothing here.
CREATE INDEX routing_open_by_assignee ON complaint_case (assignee)
    WHERE assignee IS NOT NULL AND status IN ('new', 'acknowledged', 'in_progress');
