-- The case ledger. Portable SQL: the same schema on SQLite and PostgreSQL. Dates are ISO-8601 text
-- (YYYY-MM-DD), which compares correctly as text on both.
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    applicant TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    channel TEXT NOT NULL,
    received TEXT NOT NULL,
    content TEXT NOT NULL,
    -- Derived from the events when they are saved: the closing date and the 表三 row (2021 keys).
    closed_on TEXT,
    outcome TEXT
);
CREATE INDEX applications_received ON applications (received);
CREATE INDEX applications_closed_on ON applications (closed_on);

CREATE TABLE events (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    filed TEXT NOT NULL,
    concluded_on TEXT,
    result TEXT,
    application_id TEXT REFERENCES applications (id)
);

CREATE TABLE proactive (
    year INTEGER PRIMARY KEY,
    data TEXT NOT NULL
);
