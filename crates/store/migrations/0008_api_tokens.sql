-- API tokens for programs: a public id and the SHA-256 of the token's secret part (the token itself is shown
-- once, when made). A revoked token stays listed.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
