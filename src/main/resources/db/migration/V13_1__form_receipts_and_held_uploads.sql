-- The web form's receipt pages and the attachments it keeps while a person corrects the form.

-- A successful form post answers 303 to /form/receipt/{token}: a page safe to reload and bookmark that only
-- the holder of the token can open. The token is an HMAC of the form's nonce, so a double-posted form gets the
-- same address; only its SHA-256 is stored. The row keeps what the receipt said when it was first shown.
CREATE TABLE form_receipt (
    token_sha256  text        PRIMARY KEY,
    nonce         text        NOT NULL UNIQUE,
    reference     text        NOT NULL,
    kind          text        NOT NULL,
    existing_case boolean     NOT NULL,
    -- Whether an acknowledgement goes out by mail or SMS (a sender is configured for the contact given).
    acknowledged  boolean     NOT NULL,
    language      text        NOT NULL,
    created_at    timestamptz NOT NULL
);

-- Files that came with a form shown again (invalid fields, an expired form, too many files), kept so the
-- person need not choose them again; a browser cannot re-fill a file input. Bound to the browser's
-- double-submit cookie, addressed by a random token (only its SHA-256 stored), gone after the form's lifetime.
CREATE TABLE form_held_upload (
    token_sha256  text        PRIMARY KEY,
    cookie_sha256 text        NOT NULL,
    name          text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    content       bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);

CREATE INDEX form_held_upload_expiry_idx ON form_held_upload (expires_at);
