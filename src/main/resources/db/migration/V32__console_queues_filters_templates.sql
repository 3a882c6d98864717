-- The desk console's work lists: what needs a person's eyes on a case (new citizen input since its assignee last
-- opened it, a re-open), who opened which case when, saved filters per user, and reply and result templates.

-- What came from the citizen side since the case was made: a follow-up or duplicate joined to it (input_kind
-- appended / merged), a 回访 不满意 that re-opened it (dissatisfied); and its last re-open (by the desk, the survey
-- or a hotline platform). Written by the console's intake and action hooks, in their transactions.
CREATE TABLE desk_case_attention (
    case_id     bigint PRIMARY KEY REFERENCES complaint_case (id),
    input_at    timestamptz,
    input_kind  text,
    reopened_at timestamptz,
    reopened_by text
);

-- When each desk user last opened each case: a case shows "new input" until its assignee has seen it.
CREATE TABLE desk_case_seen (
    case_id  bigint      NOT NULL REFERENCES complaint_case (id),
    username text        NOT NULL,
    seen_at  timestamptz NOT NULL,
    PRIMARY KEY (case_id, username)
);

-- A user's saved filters of the case list: a name and the list's query string.
CREATE TABLE desk_saved_filter (
    id         bigserial PRIMARY KEY,
    username   text        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    query      text        NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (username, name)
);

-- Reply templates (回复模板) and result templates (办理结果模板): one text per language (zh-Hans, zh-Hant, en),
-- with placeholders the desk action fills per case: {reference} {name} {respondent} {dueDate}.
CREATE TABLE desk_template (
    id         bigserial PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('reply', 'result')),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    bodies     jsonb       NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (kind, name)
);

INSERT INTO desk_template (kind, name, bodies, updated_by, updated_at) VALUES
    ('reply', '已受理，正在核实', jsonb_build_object(
        'zh-Hans', '{name}您好：您反映的关于{respondent}的问题（受理编号 {reference}）我们已受理，正在核实，将于{dueDate}前答复您。',
        'zh-Hant', '{name}您好：您反映的關於{respondent}的問題（受理編號 {reference}）我們已受理，正在核實，將於{dueDate}前答覆您。',
        'en', 'Dear {name}, we have taken up your complaint about {respondent} (reference {reference}) and are looking into it; you will hear from us by {dueDate}.'),
     'shouli', now()),
    ('result', '已督促商家整改', jsonb_build_object(
        'zh-Hans', '经核查，已督促{respondent}整改并按您的诉求处理。如仍有问题，请凭受理编号 {reference} 与我们联系。',
        'zh-Hant', '經核查，已督促{respondent}整改並按您的訴求處理。如仍有問題，請憑受理編號 {reference} 與我們聯繫。',
        'en', 'We have checked and required {respondent} to put things right as you asked. If anything is still wrong, contact us quoting {reference}.'),
     'shouli', now());

-- Cases re-opened before this migration are in 重办 too; their citizen input is old news.
INSERT INTO desk_case_attention (case_id, reopened_at, reopened_by)
SELECT case_id, max(at), (array_agg(actor ORDER BY id DESC))[1] FROM case_event WHERE kind = 'reopen' GROUP BY case_id;

-- The queues read open cases by assignee and status; the partial index holds only the open ones.
CREATE INDEX complaint_case_open_idx ON complaint_case (assignee, received_at DESC)
    WHERE status IN ('new', 'acknowledged', 'in_progress');
