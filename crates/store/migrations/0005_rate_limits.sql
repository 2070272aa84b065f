-- Requests counted per client and window, so that every server process applies the same limits.
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start TEXT NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
