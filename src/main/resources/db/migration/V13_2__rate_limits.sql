-- Fixed-window counters for rate limits that must hold across gateway instances (the citizen status page:
-- per client address and per case reference). One row per bucket and window; rows past expires_at are
-- deleted on the way.
CREATE TABLE rate_limit_hit (
    bucket       text        NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE INDEX rate_limit_hit_expiry_idx ON rate_limit_hit (expires_at);
